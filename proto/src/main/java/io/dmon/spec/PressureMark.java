package io.dmon.spec;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One {@code -P RESOURCE[:some|full][:avg10|avg60|avg300]=HIGH[/LOW]}: pause the command while the
 * host's pressure on {@code metric} is over {@code high}, resume it at {@code low} or below. The
 * same hysteresis as {@code -L}/{@code -l}, in the kernel's unit: percent of wall time stalled.
 *
 * <p>Beyond DMon, which has no {@code -P}. The marks are checked more strictly than a load:
 * a high mark of 100 or more could never be passed (a share of time is at most 100), so such a
 * gate would silently never close.
 *
 * @param metric what is watched
 * @param high   above this the job pauses: more than 0, less than 100
 * @param low    at or below this it resumes: 0 up to {@code high}
 */
public record PressureMark(PressureMetric metric, double high, double low) {
    private static final Pattern DECIMAL = Pattern.compile("(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    public PressureMark {
        Objects.requireNonNull(metric, "metric");
        if (!(high > 0 && high < 100)) {
            throw new IllegalArgumentException("pressure mark " + metric + ": high " + high + " not above 0 and below 100");
        }
        if (!(low >= 0 && low <= high)) {
            throw new IllegalArgumentException("pressure mark " + metric + ": low " + low + " not from 0 to high " + high);
        }
    }

    /**
     * Parses the value of {@code -P}.
     *
     * @param option how the option was spelled, for the message
     * @throws SpecException naming what is wrong, in one line
     */
    public static PressureMark parse(String option, String text) throws SpecException {
        String what = "option " + option;
        int equals = text.indexOf('=');
        if (equals < 0) {
            throw new SpecException(what + ": '" + text + "' has no mark (write " + PressureMetric.GRAMMAR
                    + "=HIGH[/LOW], e.g. io=40)");
        }
        PressureMetric metric = PressureMetric.parse(text.substring(0, equals), ':', what);
        String marks = text.substring(equals + 1);
        int slash = marks.indexOf('/');
        String highText = slash < 0 ? marks : marks.substring(0, slash);
        double high = percent(what, "high", highText);
        if (high <= 0) {
            throw new SpecException(what + ": high mark " + highText + " must be more than 0");
        }
        if (high >= 100) {
            throw new SpecException(what + ": high mark " + highText + " can never be passed (pressure is a share"
                    + " of time, 0 to 100)");
        }
        if (slash < 0) {
            return new PressureMark(metric, high, high / 2);
        }
        String lowText = marks.substring(slash + 1);
        if (lowText.isEmpty()) {
            throw new SpecException(what + ": no low mark after '/' in '" + text + "'");
        }
        double low = percent(what, "low", lowText);
        if (low > high) {
            throw new SpecException(what + ": low mark " + lowText + " is above the high mark " + highText
                    + " (the command would be paused and resumed every second)");
        }
        return new PressureMark(metric, high, low);
    }

    private static double percent(String what, String which, String text) throws SpecException {
        if (text.startsWith("-") && DECIMAL.matcher(text.substring(1)).matches()) {
            throw new SpecException(what + ": " + which + " mark " + text + " is negative");
        }
        if (!DECIMAL.matcher(text).matches()) {
            throw new SpecException(what + ": " + which + " mark '" + text + "' is not a number");
        }
        double value = Double.parseDouble(text);
        if (Double.isInfinite(value)) {
            throw new SpecException(what + ": " + which + " mark '" + text + "' is too large");
        }
        return value;
    }

    /** As {@code -P} takes it: {@code io=40/20}, {@code cpu:full:avg60=10/5}. */
    public String text() {
        return metric.optionText() + "=" + plain(high) + "/" + plain(low);
    }

    static String plain(double value) {
        boolean whole = value == Math.rint(value) && Math.abs(value) < 1e15;
        return whole ? Long.toString((long) value) : Double.toString(value);
    }
}
