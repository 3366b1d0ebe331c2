package io.dmon.wire;

import io.dmon.proto.v1.HostPressure;
import io.dmon.proto.v1.PressureAverages;
import io.dmon.proto.v1.ResourcePressure;
import io.dmon.spec.PressureMetric;
import java.util.OptionalDouble;

/**
 * One figure of a host's pressure as a heartbeat carried it. Gates compare it with their marks,
 * and {@code ps} prints it beside a job's own {@code -P} hold, so both read it the same way.
 */
public final class PressureFigures {
    private PressureFigures() {
    }

    /** The figure, or empty when the host gave none (no PSI, no such file, or no such line). */
    public static OptionalDouble read(HostPressure pressure, PressureMetric metric) {
        boolean has = switch (metric.resource()) {
            case CPU -> pressure.hasCpu();
            case IO -> pressure.hasIo();
            case MEMORY -> pressure.hasMemory();
        };
        if (!has) {
            return OptionalDouble.empty();
        }
        ResourcePressure resource = switch (metric.resource()) {
            case CPU -> pressure.getCpu();
            case IO -> pressure.getIo();
            case MEMORY -> pressure.getMemory();
        };
        boolean some = metric.kind() == PressureMetric.Kind.SOME;
        if (some ? !resource.hasSome() : !resource.hasFull()) {
            return OptionalDouble.empty();
        }
        PressureAverages line = some ? resource.getSome() : resource.getFull();
        return OptionalDouble.of(switch (metric.window()) {
            case AVG10 -> line.getAvg10();
            case AVG60 -> line.getAvg60();
            case AVG300 -> line.getAvg300();
        });
    }
}
