package io.dmon.cli.command;

import io.dmon.cli.CliException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A gate's load marks as typed: plain decimal numbers ({@code 4}, {@code 4.5}, {@code .5},
 * {@code 1e1}). Java's own parser also takes {@code NaN}, {@code Infinity}, {@code 0x1p2} and
 * {@code 4d}; none of them is a load an operator means, so they are refused here by name.
 */
final class GateMarks {
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Set<String> NOT_FINITE = Set.of("nan", "inf", "infinity");

    private GateMarks() {
    }

    /** {@code --high}: a finite number above zero. */
    static double high(String text) {
        double high = number("--high", text);
        if (high <= 0) {
            throw CliException.usage("--high must be more than 0 (got " + text.trim() + ")");
        }
        return high;
    }

    /** {@code --low}: a finite number from zero up to {@code high}. */
    static double low(String text, double high, String highText) {
        double low = number("--low", text);
        if (low < 0) {
            throw CliException.usage("--low must not be negative (got " + text.trim() + ")");
        }
        if (low > high) {
            throw CliException.usage("--low " + text.trim() + " is above --high " + highText.trim());
        }
        return low;
    }

    private static double number(String option, String text) {
        String word = text.trim();
        String bare = word.replaceFirst("^[+-]", "").toLowerCase(Locale.ROOT);
        if (NOT_FINITE.contains(bare)) {
            throw CliException.usage(option + ": '" + text + "' is not a finite number");
        }
        if (!DECIMAL.matcher(word).matches()) {
            throw CliException.usage(option + ": '" + text + "' is not a number");
        }
        double value = Double.parseDouble(word);
        if (!Double.isFinite(value)) {
            throw CliException.usage(option + ": '" + text + "' is not a finite number");
        }
        return value;
    }
}
