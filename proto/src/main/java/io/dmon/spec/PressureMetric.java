package io.dmon.spec;

import java.util.Locale;

/**
 * One figure of Linux's pressure stall information: a resource ({@code /proc/pressure/cpu},
 * {@code io}, {@code memory}), its {@code some} or {@code full} line, and one of the averages on
 * that line ({@code avg10}, {@code avg60}, {@code avg300}): the share of wall time, in percent,
 * in which some (or all non-idle) tasks were stalled waiting for the resource.
 *
 * <p>Named {@code io.some.avg10} (a gate's {@code --metric}, a hold's reason) and written
 * {@code io:some:avg10} in {@code -P}; the kind and the window may be left out, and default to
 * {@code some} and {@code avg10}: the line every kernel with PSI has (cpu's {@code full} line
 * came with Linux 5.13) and the average that follows a change soonest.
 *
 * <p>With {@code self} ({@code -P self:io=40}, named {@code self.io.some.avg10}) the figure is the
 * job's own, from its cgroup's {@code io.pressure}: what its processes waited, not the host's.
 *
 * @param resource what tasks waited for
 * @param kind     some tasks, or all non-idle ones at once
 * @param window   over how many seconds the kernel averages
 * @param self     the job's own cgroup's figure rather than the host's
 */
public record PressureMetric(Resource resource, Kind kind, Window window, boolean self) {
    /** How a job's own figure is marked: {@code self:} in -P, {@code self.} in its name. */
    public static final String SELF = "self";

    /** A file of {@code /proc/pressure}. */
    public enum Resource {
        CPU, IO, MEMORY;

        /** As the kernel names the file: {@code cpu}, {@code io}, {@code memory}. */
        public String fileName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A line of a pressure file. */
    public enum Kind {
        SOME, FULL;

        /** As the file starts the line: {@code some}, {@code full}. */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One of the averages on a line. */
    public enum Window {
        AVG10, AVG60, AVG300;

        /** As the file writes it before the '=': {@code avg10}, {@code avg60}, {@code avg300}. */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What the parts may be, for messages. */
    static final String GRAMMAR = "cpu|io|memory[:some|full][:avg10|avg60|avg300]";

    public PressureMetric {
        if (resource == null || kind == null || window == null) {
            throw new NullPointerException("a pressure metric needs a resource, a kind and a window");
        }
    }

    /** The host's figure. */
    public PressureMetric(Resource resource, Kind kind, Window window) {
        this(resource, kind, window, false);
    }

    /** The same figure of the host ({@code self} false). */
    public PressureMetric host() {
        return new PressureMetric(resource, kind, window, false);
    }

    /** {@code RESOURCE.some.avg10}: what {@code -P RESOURCE} watches. */
    public static PressureMetric of(Resource resource) {
        return new PressureMetric(resource, Kind.SOME, Window.AVG10);
    }

    /** The metric's name: {@code io.some.avg10}. */
    public String name() {
        return (self ? SELF + "." : "") + resource.fileName() + "." + kind.word() + "." + window.word();
    }

    /** As {@code -P} writes it, defaults left out: {@code io}, {@code io:full}, {@code cpu:avg60}. */
    public String optionText() {
        return (self ? SELF + ":" : "") + resource.fileName() + (kind == Kind.SOME ? "" : ":" + kind.word())
                + (window == Window.AVG10 ? "" : ":" + window.word());
    }

    /**
     * A metric written with dots, as gates and holds name it: {@code io.some.avg10}, or shorter
     * with the defaults left out ({@code io}, {@code io.full}, {@code memory.avg60}).
     *
     * @throws SpecException naming the part that is wrong, in one line
     */
    public static PressureMetric parse(String text) throws SpecException {
        return parse(text, '.', "metric");
    }

    /**
     * The metric of {@code text}, its parts separated by {@code separator}.
     *
     * @param what how messages name the text ({@code metric}, {@code option -P})
     */
    static PressureMetric parse(String text, char separator, String what) throws SpecException {
        String selfPrefix = SELF + separator;
        if (separator == ':' && text.startsWith(selfPrefix)) {
            return parseHost(text.substring(selfPrefix.length()), separator, what).own();
        }
        return parseHost(text, separator, what);
    }

    /** A figure of the host: no {@code self} prefix. */
    private static PressureMetric parseHost(String text, char separator, String what) throws SpecException {
        String grammar = GRAMMAR.replace(':', separator);
        String[] parts = text.split(java.util.regex.Pattern.quote(String.valueOf(separator)), -1);
        if (parts.length > 3) {
            throw new SpecException(what + ": '" + text + "' has more than three parts (" + grammar + ")");
        }
        Resource resource = switch (parts[0]) {
            case "cpu" -> Resource.CPU;
            case "io" -> Resource.IO;
            case "memory" -> Resource.MEMORY;
            default -> throw new SpecException(what + ": unknown resource '" + parts[0]
                    + "' (cpu, io or memory: " + grammar + ")");
        };
        Kind kind = Kind.SOME;
        Window window = Window.AVG10;
        boolean kindGiven = false;
        boolean windowGiven = false;
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i];
            Kind k = kindOf(part);
            Window w = windowOf(part);
            if (k != null && !kindGiven && !windowGiven) {
                kind = k;
                kindGiven = true;
            } else if (w != null && !windowGiven) {
                window = w;
                windowGiven = true;
            } else if (k != null && windowGiven) {
                throw new SpecException(what + ": in '" + text + "', '" + part + "' must come before the window ("
                        + grammar + ")");
            } else if (k != null) {
                throw new SpecException(what + ": in '" + text + "', some/full is given twice (" + grammar + ")");
            } else if (w != null) {
                throw new SpecException(what + ": in '" + text + "', the window is given twice (" + grammar + ")");
            } else {
                throw new SpecException(what + ": in '" + text + "', '" + part
                        + "' is neither some/full nor avg10/avg60/avg300 (" + grammar + ")");
            }
        }
        return new PressureMetric(resource, kind, window);
    }

    /** The same figure of the job's own cgroup. */
    public PressureMetric own() {
        return new PressureMetric(resource, kind, window, true);
    }

    /**
     * A metric as a job's spec carries it on the wire: {@code self.io.some.avg10} for the job's
     * own, else as {@link #parse(String)}.
     */
    public static PressureMetric parseOfJob(String text) throws SpecException {
        String selfPrefix = SELF + ".";
        return text.startsWith(selfPrefix) ? parse(text.substring(selfPrefix.length())).own() : parse(text);
    }

    private static Kind kindOf(String word) {
        for (Kind k : Kind.values()) {
            if (k.word().equals(word)) {
                return k;
            }
        }
        return null;
    }

    private static Window windowOf(String word) {
        for (Window w : Window.values()) {
            if (w.word().equals(word)) {
                return w;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return name();
    }
}
