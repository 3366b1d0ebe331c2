package io.dmon.cli.output;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A command's words as one line a shell would read back the same way: words with nothing special
 * stay bare, others are single-quoted ({@code sh -c 'echo hi'}).
 */
public final class CommandText {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private CommandText() {
    }

    public static String join(List<String> words) {
        StringBuilder out = new StringBuilder();
        for (String word : words) {
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(quote(word));
        }
        return out.toString();
    }

    static String quote(String word) {
        if (PLAIN.matcher(word).matches()) {
            return word;
        }
        // Control characters would move a terminal's cursor: show them escaped, not raw.
        StringBuilder shown = new StringBuilder();
        word.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                shown.append(String.format("\\x%02x", c));
            } else {
                shown.appendCodePoint(c);
            }
        });
        return "'" + shown.toString().replace("'", "'\\''") + "'";
    }
}
