package io.dmon.spec;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a {@code -C} file in DMon's own format (its {@code conf.c}), which is not shell words:
 *
 * <ul>
 *   <li>A sequence of options, each an option's long name without dashes ({@code no-daemon},
 *       {@code load-high}), followed by its value when it takes one. Line breaks are just blanks:
 *       {@code load-high 4} and {@code load-high\n4} are the same.</li>
 *   <li>A value is a run of non-blank characters, or a double-quoted string, which may hold
 *       blanks, line breaks and {@code #}, with the C escapes {@code \n \r \t \v \b \a \e}
 *       and {@code \xHH} (the character U+00HH); {@code \} before any other character stands
 *       for that character, so {@code \"} and {@code \\}. A string's closing quote also ends
 *       the word.</li>
 *   <li>{@code #} outside a string starts a comment up to the end of the line, even in the middle
 *       of a word, as in DMon: quote a value that holds {@code #}. Single quotes are ordinary
 *       characters.</li>
 * </ul>
 *
 * <p>Beyond DMon, an option may also be written as on the command line ({@code --load-high},
 * {@code -L}, {@code --no-once}), so a file of plain option words such as {@code -n -L 4} works
 * too. {@code config} and {@code help} are refused, as in DMon.
 */
final class DmonConfigFile {
    private final String text;
    private final String path;
    private int pos;
    private int line = 1;

    private DmonConfigFile(String text, String path) {
        this.text = text;
        this.path = path;
    }

    /**
     * The options of a config file, in order; their values are not checked yet.
     *
     * @param path the file's name as given, for messages
     * @throws SpecException naming the file and line for a syntax error or an unknown option
     */
    static List<OptionUse> parse(String text, String path) throws SpecException {
        return new DmonConfigFile(text, path).options();
    }

    private List<OptionUse> options() throws SpecException {
        List<OptionUse> uses = new ArrayList<>();
        skipBlanksAndComments();
        while (pos < text.length()) {
            String where = where();
            String name = word();
            OptionScanner.Named<DmonOption> named =
                    OptionScanner.lookup(DmonOption.TABLE, name.startsWith("-") ? name : "--" + name);
            if (named == null) {
                throw new SpecException(where + ": " + OptionScanner.unknownOption(DmonOption.TABLE, name));
            }
            if (named.option() == DmonOption.HELP) {
                throw new SpecException(where + ": option " + name + " cannot be used in a config file");
            }
            String value = null;
            if (named.option().takesValue()) {
                skipBlanksAndComments();
                if (pos >= text.length()) {
                    throw new SpecException(where() + ": option " + name + " needs a value");
                }
                value = text.charAt(pos) == '"' ? string() : word();
            }
            uses.add(new OptionUse(named.option(), name, value, named.negated(), where));
            skipBlanksAndComments();
        }
        return uses;
    }

    private String where() {
        return "config file '" + path + "', line " + line;
    }

    private String word() {
        int start = pos;
        while (pos < text.length() && !isBlank(text.charAt(pos)) && text.charAt(pos) != '#') {
            pos++;
        }
        return text.substring(start, pos);
    }

    private String string() throws SpecException {
        String where = where();
        StringBuilder value = new StringBuilder();
        pos++;
        while (true) {
            if (pos >= text.length()) {
                throw new SpecException(where + ": unterminated string");
            }
            char c = take();
            if (c == '"') {
                return value.toString();
            }
            if (c != '\\') {
                value.append(c);
                continue;
            }
            if (pos >= text.length()) {
                throw new SpecException(where + ": unterminated string");
            }
            char e = take();
            switch (e) {
                case 'n' -> value.append('\n');
                case 'r' -> value.append('\r');
                case 't' -> value.append('\t');
                case 'v' -> value.append('\u000b');
                case 'b' -> value.append('\b');
                case 'a' -> value.append('\u0007');
                case 'e' -> value.append('\u001b');
                case 'x', 'X' -> value.append(hexByte(where));
                default -> value.append(e);
            }
        }
    }

    private char hexByte(String where) throws SpecException {
        if (pos + 2 > text.length() || Character.digit(text.charAt(pos), 16) < 0
                || Character.digit(text.charAt(pos + 1), 16) < 0) {
            throw new SpecException(where + ": invalid hex sequence in string (\\x needs two hex digits)");
        }
        char c = (char) Integer.parseInt(text.substring(pos, pos + 2), 16);
        pos += 2;
        return c;
    }

    private char take() {
        char c = text.charAt(pos++);
        if (c == '\n') {
            line++;
        }
        return c;
    }

    private void skipBlanksAndComments() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '#') {
                while (pos < text.length() && text.charAt(pos) != '\n') {
                    pos++;
                }
            } else if (isBlank(c)) {
                take();
            } else {
                return;
            }
        }
    }

    // C's isspace() in the "C" locale, which DMon's reader uses.
    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\u000b' || c == '\f';
    }
}
