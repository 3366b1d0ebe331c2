package io.dmon.agent.tools;

/** The whitespace DMon's denv trims from -d values and -f lines: space, \t, \n, \v, \f, \r. */
final class EnvText {
    private EnvText() {
    }

    static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }

    static String trimTrailing(String s) {
        int end = s.length();
        while (end > 0 && isBlank(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end);
    }

    static String trim(String s) {
        int start = 0;
        while (start < s.length() && isBlank(s.charAt(start))) {
            start++;
        }
        return trimTrailing(s.substring(start));
    }
}
