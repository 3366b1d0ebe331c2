package io.dmon.spec;

/**
 * DMon's time values: a whole decimal number of seconds with an optional one-letter unit suffix.
 * {@code s} seconds, {@code m} minutes, {@code h} hours, {@code d} days, {@code w} weeks,
 * {@code M} (30-day months) and {@code y} (365-day years). DMon has one parser for them
 * ({@code cflag_timei}), so dmon's {@code -t}, {@code -i} and time limits take every suffix that
 * drlog's {@code -T} takes.
 *
 * <p>Stricter than DMon on purpose: DMon reads the number with {@code strtoull(..., 0)}, so
 * {@code 010} is octal 8 there and anything after the suffix letter is ignored ({@code 5mxyz} is
 * five minutes); here the number is always decimal and the suffix must be the last character.
 * DMon 0.6 also accepts {@code s} (we do too: it is the unit a plain number means anyway).
 */
public final class TimeValue {
    private TimeValue() {
    }

    /** The suffixes, for messages and help texts. */
    public static final String UNITS = "s, m, h, d, w, M, y";

    /**
     * Parses a time value (suffixes s, m, h, d, w, M, y).
     *
     * @param option how the option was spelled, for the message ({@code -t}, {@code --timeout})
     * @throws SpecException naming the option and the bad text
     */
    public static long parseSeconds(String option, String text) throws SpecException {
        if (text == null || text.isEmpty()) {
            throw new SpecException("option " + option + ": empty time value");
        }
        int end = text.length();
        long multiplier = 1;
        char last = text.charAt(end - 1);
        if (!Character.isDigit(last)) {
            multiplier = switch (last) {
                case 's' -> 1L;
                case 'm' -> 60L;
                case 'h' -> 3_600L;
                case 'd' -> 86_400L;
                case 'w' -> 7 * 86_400L;
                case 'M' -> 30 * 86_400L;
                case 'y' -> 365 * 86_400L;
                default -> -1;
            };
            if (multiplier < 0) {
                throw new SpecException("option " + option + ": bad time value '" + text
                        + "' (a whole number of seconds, optionally suffixed with " + UNITS + ")");
            }
            end--;
        }
        long number = parseDigits(option, text, end, "time");
        try {
            return Math.multiplyExact(number, multiplier);
        } catch (ArithmeticException e) {
            throw new SpecException("option " + option + ": time value '" + text + "' is too large");
        }
    }

    static long parseDigits(String option, String text, int end, String what) throws SpecException {
        if (end == 0) {
            throw new SpecException("option " + option + ": bad " + what + " value '" + text + "' (no number)");
        }
        long value = 0;
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new SpecException("option " + option + ": bad " + what + " value '" + text + "'");
            }
            value = value * 10 + (c - '0');
            if (value > Long.MAX_VALUE / 1024 / 1024) {
                throw new SpecException("option " + option + ": " + what + " value '" + text + "' is too large");
            }
        }
        return value;
    }
}
