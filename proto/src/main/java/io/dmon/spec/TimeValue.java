package io.dmon.spec;

/**
 * DMon's time values: a whole decimal number of seconds with an optional one-letter unit suffix.
 * {@code s} seconds, {@code m} minutes, {@code h} hours, {@code d} days, {@code w} weeks; drlog's
 * {@code -T} also takes {@code M} (30-day months) and {@code y} (365-day years).
 *
 * <p>Stricter than DMon on purpose: DMon reads the number with {@code strtoull(..., 0)}, so
 * {@code 010} is octal 8 there and anything after the suffix letter is ignored ({@code 5mxyz} is
 * five minutes); here the number is always decimal and the suffix must be the last character.
 * DMon 0.6 also accepts {@code s} (we do too: it is the unit a plain number means anyway).
 */
public final class TimeValue {
    private TimeValue() {
    }

    /**
     * Parses a time value with the dmon suffixes (s, m, h, d, w).
     *
     * @param option how the option was spelled, for the message ({@code -t}, {@code --timeout})
     * @throws SpecException naming the option and the bad text
     */
    public static long parseSeconds(String option, String text) throws SpecException {
        return parse(option, text, false);
    }

    /** Parses a time value that may also use months ({@code M}) and years ({@code y}), as drlog's -T does. */
    public static long parseSecondsWithMonths(String option, String text) throws SpecException {
        return parse(option, text, true);
    }

    private static long parse(String option, String text, boolean monthsAndYears) throws SpecException {
        String units = monthsAndYears ? "s, m, h, d, w, M, y" : "s, m, h, d, w";
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
                case 'M' -> monthsAndYears ? 30 * 86_400L : -1;
                case 'y' -> monthsAndYears ? 365 * 86_400L : -1;
                default -> -1;
            };
            if (multiplier < 0) {
                throw new SpecException("option " + option + ": bad time value '" + text
                        + "' (a whole number of seconds, optionally suffixed with " + units + ")");
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
