package io.dmon.wire;

/**
 * A JSON string literal, quotes included: the one spelling shared by every JSON that dmon
 * writes (dmonctl's --json, the coordinator's audit log). Control characters, U+2028/U+2029 and
 * lone surrogates are escaped, so a line of output is always one valid line of JSON.
 */
public final class JsonString {
    private JsonString() {
    }

    /** Appends {@code s} to {@code out} as a quoted JSON string; returns {@code out}. */
    public static StringBuilder append(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029' || lone(s, i)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }

    /** A surrogate that is not half of a pair: UTF-8 cannot carry it, a JSON escape can. */
    private static boolean lone(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
        }
        return false;
    }
}
