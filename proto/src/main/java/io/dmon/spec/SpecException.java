package io.dmon.spec;

/**
 * Bad input in an option, a value or a configuration file. The message is one line that names
 * what was wrong, ready to print after the program's name; programs exit with status 1 on it.
 */
public final class SpecException extends Exception {
    private static final long serialVersionUID = 1L;

    /** A quoted value longer than this is cut: the message must stay one short line whatever was given. */
    static final int MAX_QUOTED = 64;
    /** The longest message, after quoted values were cut. */
    static final int MAX_MESSAGE = 400;
    private static final java.util.regex.Pattern LONG_QUOTE =
            java.util.regex.Pattern.compile("'([^']{" + MAX_QUOTED + "})[^']+'");

    public SpecException(String message) {
        super(oneShortLine(message), null, false, false);
    }

    /** Control characters shown as '?', long quoted values cut, the whole bounded. */
    static String oneShortLine(String message) {
        StringBuilder b = new StringBuilder(message.length());
        message.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) || c == 0x2028 || c == 0x2029 ? '?' : c));
        String cut = LONG_QUOTE.matcher(b).replaceAll(m -> java.util.regex.Matcher.quoteReplacement("'" + m.group(1) + "...'"));
        return cut.length() > MAX_MESSAGE ? cut.substring(0, MAX_MESSAGE - 3) + "..." : cut;
    }
}
