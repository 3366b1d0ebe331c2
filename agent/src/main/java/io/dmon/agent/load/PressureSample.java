package io.dmon.agent.load;

import io.dmon.spec.PressureMetric;
import io.dmon.spec.PressureMetric.Kind;
import io.dmon.spec.PressureMetric.Resource;
import io.dmon.spec.PressureMetric.Window;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One reading of a host's pressure stall information: for each resource whose file could be read,
 * its {@code some} line and, where the kernel writes one, its {@code full} line. Immutable.
 *
 * @param resources the resources read; a missing one could not be read
 * @param self      the same of the job's own cgroup, for {@code -P self:...} marks (empty without)
 */
public record PressureSample(Map<Resource, Lines> resources, Map<Resource, Lines> self) {
    /** Nothing could be read. */
    public static final PressureSample NONE = new PressureSample(Map.of());

    /** The three averages of one line, in percent. */
    public record Averages(double avg10, double avg60, double avg300) {
        public double of(Window window) {
            return switch (window) {
                case AVG10 -> avg10;
                case AVG60 -> avg60;
                case AVG300 -> avg300;
            };
        }
    }

    /**
     * One file's lines.
     *
     * @param some the {@code some} line
     * @param full the {@code full} line, or null where the kernel writes none (cpu before 5.13)
     */
    public record Lines(Averages some, Averages full) {
        public Lines {
            if (some == null) {
                throw new NullPointerException("a pressure file always has a some line");
            }
        }

        /** The line of {@code kind}, if the file has it. */
        public Optional<Averages> line(Kind kind) {
            return Optional.ofNullable(kind == Kind.SOME ? some : full);
        }
    }

    public PressureSample {
        resources = Map.copyOf(resources);
        self = Map.copyOf(self);
    }

    /** The host's sample. */
    public PressureSample(Map<Resource, Lines> resources) {
        this(resources, Map.of());
    }

    /** This host sample with the job's own cgroup's figures beside it. */
    public PressureSample withSelf(PressureSample own) {
        return new PressureSample(resources, own.resources());
    }

    /** The figure {@code metric} names, or empty when its file or line could not be read. */
    public OptionalDouble value(PressureMetric metric) {
        Lines lines = (metric.self() ? self : resources).get(metric.resource());
        if (lines == null) {
            return OptionalDouble.empty();
        }
        return lines.line(metric.kind()).map(a -> OptionalDouble.of(a.of(metric.window()))).orElse(OptionalDouble.empty());
    }

    /** One resource's lines, if its file could be read. */
    public Optional<Lines> lines(Resource resource) {
        return Optional.ofNullable(resources.get(resource));
    }

    /** True when no file could be read: the host has no PSI, as far as this reading goes. */
    public boolean isEmpty() {
        return resources.isEmpty();
    }
}
