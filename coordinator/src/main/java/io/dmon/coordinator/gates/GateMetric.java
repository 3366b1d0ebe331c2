package io.dmon.coordinator.gates;

import io.dmon.proto.v1.Gate;
import io.dmon.proto.v1.HostView;
import io.dmon.spec.PressureMetric;
import io.dmon.spec.SpecException;
import io.dmon.wire.PressureFigures;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What a gate reads of each watched host: its 1-minute load, or one figure of its pressure stall
 * information as its last stored heartbeat gave it.
 *
 * @param pressure the pressure figure, or null for the load
 */
public record GateMetric(PressureMetric pressure) {
    /** The name of the load metric, and what a gate without a metric watches. */
    public static final String LOAD1 = "load1";
    private static final String GRAMMAR = "load1, or cpu|io|memory[.some|full][.avg10|avg60|avg300]";

    /**
     * A metric as an operator names it: empty or {@code load1}, or a pressure metric
     * ({@code io.some.avg10}, shorter with the defaults left out: {@code io}, {@code io.full}).
     *
     * @throws SpecException naming what is wrong, in one line
     */
    public static GateMetric parse(String text) throws SpecException {
        if (text.isEmpty() || text.equals(LOAD1)) {
            return new GateMetric(null);
        }
        String resource = text.split("\\.", 2)[0];
        if (!resource.equals("cpu") && !resource.equals("io") && !resource.equals("memory")) {
            throw new SpecException("unknown metric '" + text + "' (" + GRAMMAR + ")");
        }
        return new GateMetric(PressureMetric.parse(text));
    }

    /** A stored gate's metric; empty when it names none this coordinator knows. */
    public static Optional<GateMetric> of(Gate gate) {
        try {
            return Optional.of(parse(gate.getMetric()));
        } catch (SpecException e) {
            return Optional.empty();
        }
    }

    /** {@code load1}, or the pressure metric's full name ({@code io.some.avg10}). */
    public String name() {
        return pressure == null ? LOAD1 : pressure.name();
    }

    /** The host's value, or empty when it gives no such figure (no PSI, or not that line). */
    public OptionalDouble read(HostView host) {
        if (pressure == null) {
            return OptionalDouble.of(host.getLoad1());
        }
        return host.hasPressure() ? PressureFigures.read(host.getPressure(), pressure) : OptionalDouble.empty();
    }
}
