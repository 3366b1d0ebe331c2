package io.dmon.spec;

import java.util.Objects;
import java.util.Optional;

/**
 * One {@code -r memory-max=SIZE} or {@code -r cpu-max=PERCENT}: a limit on the job's whole cgroup
 * (every process of it together), where {@link ResourceLimit} limits each process. Not in DMon.
 * Where the job has no cgroup with the controller, the limit cannot be enforced: whoever runs
 * the job says so (dmon on standard error, an agent in ps), never silently.
 *
 * @param kind  which limit
 * @param value bytes for memory-max; percent of one CPU (100: one whole CPU) for cpu-max, at least 1
 */
public record CgroupLimit(Kind kind, long value) {

    /** The limits a job's cgroup can take, as {@code -r} names them. */
    public enum Kind {
        MEMORY_MAX("memory-max", "Memory of the job's whole cgroup, all its processes together (memory.max;"
                + " bytes; suffixes k, m, g)"),
        CPU_MAX("cpu-max", "CPU of the job's whole cgroup, in percent of one CPU: 50 is half a CPU, 200 two"
                + " (cpu.max; a whole number, 1 or more)");

        private final String optionName;
        private final String description;

        Kind(String optionName, String description) {
            this.optionName = optionName;
            this.description = description;
        }

        /** As {@code -r} names it: {@code memory-max}, {@code cpu-max}. */
        public String optionName() {
            return optionName;
        }

        /** The line {@code -r help} shows. */
        public String description() {
            return description;
        }

        public static Optional<Kind> byName(String name) {
            for (Kind k : values()) {
                if (k.optionName.equals(name)) {
                    return Optional.of(k);
                }
            }
            return Optional.empty();
        }
    }

    public CgroupLimit {
        Objects.requireNonNull(kind, "kind");
        if (value < (kind == Kind.CPU_MAX ? 1 : 0)) {
            throw new IllegalArgumentException("cgroup limit " + kind.optionName() + "=" + value);
        }
    }

    /** True when {@code text} ({@code NAME=VALUE}) names a cgroup limit. */
    static boolean names(String text) {
        int equals = text.indexOf('=');
        return Kind.byName(equals < 0 ? text : text.substring(0, equals)).isPresent();
    }

    /**
     * Parses {@code NAME=VALUE} for a name {@link #names} accepts.
     *
     * @throws SpecException for a missing or bad value, in one line
     */
    static CgroupLimit parse(String option, String text) throws SpecException {
        int equals = text.indexOf('=');
        String name = equals < 0 ? text : text.substring(0, equals);
        Kind kind = Kind.byName(name).orElseThrow();
        if (equals < 0) {
            throw new SpecException("option " + option + ": limit '" + name + "' needs a value (" + name + "=VALUE)");
        }
        String v = text.substring(equals + 1);
        String label = option + " " + name;
        if (kind == Kind.MEMORY_MAX) {
            return new CgroupLimit(kind, SizeValue.parseBytes(label, v));
        }
        if (v.isEmpty() || !v.chars().allMatch(Character::isDigit) || v.length() > 9) {
            throw new SpecException("option " + label + ": '" + v + "' is not a whole number of percent of one CPU");
        }
        long percent = Long.parseLong(v);
        if (percent < 1) {
            throw new SpecException("option " + label + ": 0 would never let the job run (1 or more)");
        }
        return new CgroupLimit(kind, percent);
    }

    /** The option text, {@code NAME=VALUE}. */
    public String text() {
        return kind.optionName() + "=" + value;
    }
}
