package io.dmon.wire;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes an error message safe to send and print whatever input it quotes: one line (control
 * characters shown as '?'), each quoted value cut at {@link #MAX_QUOTED} characters, the whole at
 * {@link #MAX_MESSAGE}. A message that echoed a huge value once became an HTTP/2 trailer too large
 * to send; one that echoed a newline broke the one-line rule.
 */
public final class OneLine {
    /** A quoted value ('...') longer than this is cut and ends with "...". */
    public static final int MAX_QUOTED = 64;
    /** The longest message. */
    public static final int MAX_MESSAGE = 400;
    private static final Pattern LONG_QUOTE = Pattern.compile("'([^']{" + MAX_QUOTED + "})[^']+'");

    private OneLine() {
    }

    public static String of(String message) {
        if (message == null) {
            return null;
        }
        StringBuilder b = new StringBuilder(Math.min(message.length(), 4 * MAX_MESSAGE));
        message.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) || c == 0x2028 || c == 0x2029 ? '?' : c));
        String cut = LONG_QUOTE.matcher(b).replaceAll(m -> Matcher.quoteReplacement("'" + m.group(1) + "...'"));
        return cut.length() > MAX_MESSAGE ? cut.substring(0, MAX_MESSAGE - 3) + "..." : cut;
    }
}
