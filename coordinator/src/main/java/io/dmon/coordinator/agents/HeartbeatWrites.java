package io.dmon.coordinator.agents;

import io.dmon.coordinator.fleet.HostLiveness;

/**
 * Which of one session's heartbeats are written to the store. A heartbeat whose load and
 * condition are the ones last written says only "still alive", and the store needs that far less
 * often than every second: liveness allows {@link HostLiveness#DOWN_AFTER} of silence. So a
 * heartbeat is written when the load changed (a gate must see it at once), the condition changed
 * (an operator must see a failing disk at once) or the last write is {@link #MAX_SILENCE_MS} old.
 * The kernel recomputes the load every 5 seconds, so most heartbeats of a real host are not
 * written: each write is a compare-and-set in the cluster, the coordinator's main cost with
 * a thousand agents.
 */
final class HeartbeatWrites {
    /** Well inside {@link HostLiveness#DOWN_AFTER}, so a host never looks silent for want of a write. */
    static final long MAX_SILENCE_MS = 3_000;

    private double load1 = Double.NaN;
    private String condition = "";
    private long writtenAtMs;

    boolean due(double load1, long nowMs) {
        return due(load1, "", nowMs);
    }

    /** Also when the host's condition changed: an operator must see a failing disk at once. */
    boolean due(double load1, String condition, long nowMs) {
        return Double.compare(load1, this.load1) != 0 || !condition.equals(this.condition)
                || nowMs - writtenAtMs >= MAX_SILENCE_MS;
    }

    void written(double load1, long nowMs) {
        written(load1, "", nowMs);
    }

    void written(double load1, String condition, long nowMs) {
        this.load1 = load1;
        this.condition = condition;
        this.writtenAtMs = nowMs;
    }
}
