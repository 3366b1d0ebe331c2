package io.dmon.coordinator.agents;

import io.dmon.coordinator.fleet.HostLiveness;
import io.dmon.proto.v1.HostPressure;

/**
 * Which of one session's heartbeats are written to the store. A heartbeat whose load, pressure
 * and condition are the ones last written says only "still alive", and the store needs that far
 * less often than every second: liveness allows {@link HostLiveness#DOWN_AFTER} of silence. So a
 * heartbeat is written when the load or the pressure changed (a gate must see it at once), the
 * condition changed (an operator must see a failing disk at once) or the last write is
 * {@link #MAX_SILENCE_MS} old. The kernel recomputes the load every 5 seconds, and the pressure
 * averages every 2: so a host with PSI has about every other heartbeat written, one without
 * every third to fifth. Each write is a compare-and-set in the cluster, the coordinator's main
 * cost with a thousand agents.
 */
final class HeartbeatWrites {
    /** Well inside {@link HostLiveness#DOWN_AFTER}, so a host never looks silent for want of a write. */
    static final long MAX_SILENCE_MS = 3_000;

    private double load1 = Double.NaN;
    private String condition = "";
    private HostPressure pressure = HostPressure.getDefaultInstance();
    private long writtenAtMs;

    boolean due(double load1, long nowMs) {
        return due(load1, "", HostPressure.getDefaultInstance(), nowMs);
    }

    /**
     * Also when the host's condition changed (an operator must see a failing disk at once) or its
     * pressure did ({@code null}: it gives none).
     */
    boolean due(double load1, String condition, HostPressure pressure, long nowMs) {
        return Double.compare(load1, this.load1) != 0 || !condition.equals(this.condition)
                || !orNone(pressure).equals(this.pressure) || nowMs - writtenAtMs >= MAX_SILENCE_MS;
    }

    void written(double load1, long nowMs) {
        written(load1, "", HostPressure.getDefaultInstance(), nowMs);
    }

    void written(double load1, String condition, HostPressure pressure, long nowMs) {
        this.load1 = load1;
        this.condition = condition;
        this.pressure = orNone(pressure);
        this.writtenAtMs = nowMs;
    }

    private static HostPressure orNone(HostPressure pressure) {
        return pressure == null ? HostPressure.getDefaultInstance() : pressure;
    }
}
