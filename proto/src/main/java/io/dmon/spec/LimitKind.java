package io.dmon.spec;

import java.util.Optional;

/**
 * The resource limits {@code -r NAME=VALUE} can set, with DMon's names, in the order of DMon's
 * table (which is the order {@code -r help} lists them). Each knows the Linux {@code RLIMIT_*}
 * resource number (x86_64 and aarch64 share the generic numbering) and how its value is written.
 *
 * <p>DMon has no {@code unlimited} value; neither do we. DMon also takes a negative plain number
 * (meaning "raise the soft limit to the hard limit"); we refuse negative values.
 */
public enum LimitKind {
    VMEM("vmem", 9, "RLIMIT_AS", Unit.BYTES, "Maximum size of the process's virtual memory"),
    CORE("core", 4, "RLIMIT_CORE", Unit.BYTES, "Maximum size of a core file"),
    CPU("cpu", 0, "RLIMIT_CPU", Unit.SECONDS, "Maximum CPU time used"),
    DATA("data", 2, "RLIMIT_DATA", Unit.BYTES, "Maximum size of the data segment"),
    FSIZE("fsize", 1, "RLIMIT_FSIZE", Unit.BYTES, "Maximum size of files the process creates"),
    LOCKS("locks", 10, "RLIMIT_LOCKS", Unit.COUNT, "Maximum number of file locks"),
    MLOCK("mlock", 8, "RLIMIT_MEMLOCK", Unit.BYTES, "Maximum memory locked in RAM"),
    // DMon's own description says bytes, but it reads the value as a plain number (no suffixes).
    MSGQ("msgq", 12, "RLIMIT_MSGQUEUE", Unit.COUNT, "Maximum bytes in POSIX message queues"),
    NICE("nice", 13, "RLIMIT_NICE", Unit.COUNT, "Ceiling of the nice value, given as 20 - nice"),
    FILES("files", 7, "RLIMIT_NOFILE", Unit.COUNT, "Maximum number of open files"),
    NPROC("nproc", 6, "RLIMIT_NPROC", Unit.COUNT, "Maximum number of processes of the user"),
    RSS("rss", 5, "RLIMIT_RSS", Unit.COUNT, "Maximum resident set size, ignored by Linux"),
    RTPRIO("rtprio", 14, "RLIMIT_RTPRIO", Unit.COUNT, "Ceiling of the real-time priority"),
    RTTIME("rttime", 15, "RLIMIT_RTTIME", Unit.SECONDS, "Maximum real-time CPU time between blocking calls"),
    SIGPENDING("sigpending", 11, "RLIMIT_SIGPENDING", Unit.COUNT, "Maximum number of queued signals"),
    STACK("stack", 3, "RLIMIT_STACK", Unit.BYTES, "Maximum size of the stack");

    /** How a limit's value is written on the command line. */
    public enum Unit {
        /** A number of bytes, with an optional {@code k}, {@code m} or {@code g} suffix. */
        BYTES("bytes; suffixes k, m, g"),
        /** A time, with the same suffixes as {@code -t}. */
        SECONDS("seconds; suffixes s, m, h, d, w, M, y"),
        /** A plain whole number. */
        COUNT("a whole number");

        private final String hint;

        Unit(String hint) {
            this.hint = hint;
        }

        /** A short phrase telling how to write such a value, e.g. {@code bytes; suffixes k, m, g}. */
        public String hint() {
            return hint;
        }
    }

    private final String dmonName;
    private final int rlimit;
    private final String rlimitName;
    private final Unit unit;
    private final String summary;

    LimitKind(String dmonName, int rlimit, String rlimitName, Unit unit, String summary) {
        this.dmonName = dmonName;
        this.rlimit = rlimit;
        this.rlimitName = rlimitName;
        this.unit = unit;
        this.summary = summary;
    }

    /** The name used in {@code -r NAME=VALUE}, e.g. {@code files}. */
    public String dmonName() {
        return dmonName;
    }

    /** The one-line description shown by {@code -r help}, including how to write the value. */
    public String description() {
        return summary + " (" + unit.hint() + ")";
    }

    /** The Linux resource number for {@code setrlimit(2)} (generic numbering: x86_64, aarch64). */
    public int rlimit() {
        return rlimit;
    }

    /** The C name of the resource, e.g. {@code RLIMIT_NOFILE}. */
    public String rlimitName() {
        return rlimitName;
    }

    /** How the value is written. */
    public Unit unit() {
        return unit;
    }

    /**
     * Parses a value for this limit.
     *
     * @param label what to name in a message, e.g. {@code -r files}
     * @return bytes, seconds or the plain number, never negative
     * @throws SpecException naming the label and the bad text
     */
    public long parseValue(String label, String text) throws SpecException {
        return switch (unit) {
            case BYTES -> SizeValue.parseBytes(label, text);
            case SECONDS -> TimeValue.parseSeconds(label, text);
            case COUNT -> parseCount(label, text);
        };
    }

    /**
     * The value to hand to {@code setrlimit(2)} for a parsed value: the same number, except for
     * {@code rttime}, which the kernel counts in microseconds. DMon passes the seconds unconverted,
     * so its {@code rttime=1} is one microsecond; we convert (saturating at {@code Long.MAX_VALUE}).
     */
    public long rlimitValue(long value) {
        if (this != RTTIME) {
            return value;
        }
        return value > Long.MAX_VALUE / 1_000_000L ? Long.MAX_VALUE : value * 1_000_000L;
    }

    /** The kind DMon calls {@code name}, if any. */
    public static Optional<LimitKind> byDmonName(String name) {
        for (LimitKind kind : values()) {
            if (kind.dmonName.equals(name)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    private static long parseCount(String label, String text) throws SpecException {
        if (text.isEmpty()) {
            throw new SpecException("option " + label + ": empty value");
        }
        if (text.charAt(0) == '-') {
            throw new SpecException("option " + label + ": negative value '" + text + "'");
        }
        return TimeValue.parseDigits(label, text, text.length(), "numeric");
    }
}
