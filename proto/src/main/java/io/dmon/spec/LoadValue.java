package io.dmon.spec;

import java.util.regex.Pattern;

/**
 * The load-average marks of {@code -L} and {@code -l}: a plain decimal number, not negative,
 * such as {@code 4}, {@code 3.5}, {@code .5} or {@code 1e1}.
 *
 * <p>DMon reads them with {@code strtof}, which also takes {@code inf}, {@code nan}, hex floats and
 * leading blanks, and takes a negative number as "off"; we refuse all of those.
 */
final class LoadValue {
    private static final Pattern DECIMAL = Pattern.compile("(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private LoadValue() {
    }

    /**
     * @param option how the option was spelled, for the message
     * @throws SpecException when the text is not a plain decimal number, is negative or too large
     */
    static double parse(String option, String text) throws SpecException {
        if (text.startsWith("-") && DECIMAL.matcher(text.substring(1)).matches()) {
            throw new SpecException("option " + option + ": load '" + text + "' is negative");
        }
        if (!DECIMAL.matcher(text).matches()) {
            throw new SpecException("option " + option + ": '" + text + "' is not a number");
        }
        double value = Double.parseDouble(text);
        if (Double.isInfinite(value)) {
            throw new SpecException("option " + option + ": load '" + text + "' is too large");
        }
        return value;
    }
}
