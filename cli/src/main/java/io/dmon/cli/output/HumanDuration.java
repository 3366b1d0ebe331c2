package io.dmon.cli.output;

/**
 * Short human durations for tables, two units at most: {@code 5s}, {@code 3m12s}, {@code 2h05m},
 * {@code 3d04h}. The second unit is zero-padded so that columns line up.
 */
public final class HumanDuration {
    private HumanDuration() {
    }

    /** {@code seconds} as text; negative values (a clock behind the server's) show as {@code 0s}. */
    public static String format(long seconds) {
        long s = Math.max(0, seconds);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m" + two(s % 60) + "s";
        }
        if (s < 86400) {
            return s / 3600 + "h" + two(s % 3600 / 60) + "m";
        }
        return s / 86400 + "d" + two(s % 86400 / 3600) + "h";
    }

    private static String two(long n) {
        return n < 10 ? "0" + n : Long.toString(n);
    }
}
