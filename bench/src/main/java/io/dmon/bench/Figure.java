package io.dmon.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One row of the table: a measured value, the target it is read against (if any), and the floor
 * measured in the same run that it is compared with (if any), or the reason it could not be
 * measured.
 *
 * @param valid   false when the value is suspect (lines lost, a log tool that did not run
 *                in-process): such a row never counts as meeting its target
 * @param detail  one more line of explanation, or null
 * @param failure why there is no value, or null
 */
public record Figure(String label, double value, Unit unit, Target target, Double floor, boolean valid,
                     String detail, String failure) {

    /** A measured value with no target and no floor (floors themselves, breakdowns). */
    public static Figure of(String label, double value, Unit unit) {
        return new Figure(label, value, unit, null, null, true, null, null);
    }

    /** A value that could not be measured. */
    public static Figure failed(String label, String reason) {
        return new Figure(label, Double.NaN, null, null, null, false, null, reason);
    }

    public Figure target(Target t) {
        return new Figure(label, value, unit, t, floor, valid, detail, failure);
    }

    public Figure floor(double f) {
        return new Figure(label, value, unit, target, f, valid, detail, failure);
    }

    public Figure detail(String d) {
        return new Figure(label, value, unit, target, floor, valid, d, failure);
    }

    public Figure invalid(String why) {
        return new Figure(label, value, unit, target, floor, false, detail == null ? why : detail + "; " + why, failure);
    }

    /** Value divided by floor, or NaN without a floor. */
    public double ratio() {
        return floor == null || floor == 0 ? Double.NaN : value / floor;
    }

    /** Null without a target; false for an invalid value. */
    public Boolean meetsTarget() {
        if (target == null || failure != null) {
            return null;
        }
        return valid && target.metBy(value);
    }

    /** The table row (and a second, indented line for the detail). */
    public String row() {
        String name = String.format(Locale.ROOT, "%-46s", label);
        if (failure != null) {
            return name + " FAILED: " + failure;
        }
        StringBuilder b = new StringBuilder(name).append(String.format(Locale.ROOT, "%18s", unit.format(value)));
        StringBuilder paren = new StringBuilder();
        if (target != null) {
            paren.append("target ").append(target.text(unit));
        }
        if (floor != null) {
            if (paren.length() > 0) {
                paren.append("; ");
            }
            paren.append("floor ").append(unit.format(floor))
                    .append(String.format(Locale.ROOT, ", ratio %.2fx", ratio()));
        }
        if (paren.length() > 0) {
            b.append("  (").append(paren).append(')');
        }
        Boolean met = meetsTarget();
        if (met != null) {
            b.append(met ? "  met" : "  MISSED");
        }
        if (detail != null) {
            b.append("\n      ").append(detail);
        }
        return b.toString();
    }

    /** The JSON object of this row. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("label", label.strip());
        if (failure != null) {
            m.put("failure", failure);
            return m;
        }
        m.put("value", value);
        m.put("unit", unit.symbol());
        if (target != null) {
            m.put("target", target.text(unit));
            m.put("target_met", meetsTarget());
        }
        if (floor != null) {
            m.put("floor", floor);
            m.put("ratio_to_floor", ratio());
        }
        m.put("valid", valid);
        if (detail != null) {
            m.put("detail", detail);
        }
        return m;
    }

    /** Units of the figures, with how each is printed. */
    public enum Unit {
        MS("ms"), LINES_PER_S("lines/s"), MB_PER_S("MB/s"), MIB("MiB"), KIB("KiB"), MS_PER_MIN("ms/min"),
        /** A trend: MiB more (or fewer) per minute of the run. */
        MIB_PER_MIN("MiB/min"),
        /** A trend of a count (open descriptors) per minute of the run. */
        PER_MIN("/min"),
        /** A plain count (lines, runs). */
        COUNT(""),
        /** CPU time per second of wall time. */
        MS_PER_S("ms/s"),
        /** One figure divided by another of the same run. */
        RATIO("x");

        private final String symbol;

        Unit(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        public String format(double v) {
            String n = switch (this) {
                case LINES_PER_S, COUNT, KIB -> String.format(Locale.ROOT, "%,.0f", v);
                case MIB_PER_MIN, PER_MIN -> String.format(Locale.ROOT, "%+.2f", v);
                case MB_PER_S, MIB -> String.format(Locale.ROOT, "%.1f", v);
                case RATIO -> String.format(Locale.ROOT, "%.2f", v);
                case MS, MS_PER_MIN, MS_PER_S -> v < 10 ? String.format(Locale.ROOT, "%.2f", v)
                        : String.format(Locale.ROOT, "%,.0f", v);
            };
            return symbol.isEmpty() ? n : n + " " + symbol;
        }
    }

    /** A target: a bound on the value. */
    public record Target(String op, double bound) {
        public static Target atMost(double bound) {
            return new Target("≤", bound);
        }

        public static Target below(double bound) {
            return new Target("<", bound);
        }

        public static Target atLeast(double bound) {
            return new Target("≥", bound);
        }

        boolean metBy(double v) {
            return switch (op) {
                case "≤" -> v <= bound;
                case "<" -> v < bound;
                default -> v >= bound;
            };
        }

        String text(Unit unit) {
            return op + " " + (bound == Math.rint(bound) && unit != Unit.LINES_PER_S
                    ? (String.format(java.util.Locale.ROOT, "%.0f %s", bound, unit.symbol())).strip() : unit.format(bound));
        }
    }
}
