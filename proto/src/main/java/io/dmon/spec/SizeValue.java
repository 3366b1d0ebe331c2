package io.dmon.spec;

/**
 * DMon's size values: a whole decimal number of bytes with an optional {@code k}, {@code m} or
 * {@code g} suffix, either case (powers of 1024).
 */
public final class SizeValue {
    private SizeValue() {
    }

    /**
     * @param option how the option was spelled, for the message ({@code -s}, {@code -r vmem})
     * @throws SpecException naming the option and the bad text
     */
    public static long parseBytes(String option, String text) throws SpecException {
        if (text == null || text.isEmpty()) {
            throw new SpecException("option " + option + ": empty size value");
        }
        int end = text.length();
        long multiplier = 1;
        char last = Character.toLowerCase(text.charAt(end - 1));
        if (!Character.isDigit(last)) {
            multiplier = switch (last) {
                case 'k' -> 1024L;
                case 'm' -> 1024L * 1024;
                case 'g' -> 1024L * 1024 * 1024;
                default -> -1;
            };
            if (multiplier < 0) {
                throw new SpecException("option " + option + ": bad size value '" + text
                        + "' (a whole number of bytes, optionally suffixed with k, m, g)");
            }
            end--;
        }
        long number = TimeValue.parseDigits(option, text, end, "size");
        try {
            return Math.multiplyExact(number, multiplier);
        } catch (ArithmeticException e) {
            throw new SpecException("option " + option + ": size value '" + text + "' is too large");
        }
    }
}
