package io.dmon.agent.supervise;

import io.dmon.agent.process.ExitStatus;
import io.dmon.agent.process.Signals;

/**
 * What happens after a run ends: DMon's rules as a pure function of facts.
 * <ul>
 * <li>{@code -1}: a run that exits 0 completes the job; any other ending respawns.</li>
 * <li>{@code -m N}: at most N respawns whatever the status (timeouts included), then the job ends:
 *     completed when the last run succeeded, failed otherwise.</li>
 * <li>{@code -i T}: after a successful exit wait T before the next run.</li>
 * <li>A run shorter than one second waits one second before the next: a command that dies at
 *     once must not turn the supervisor into a fork loop that eats the machine.</li>
 * <li>A run lost with the monitor that held it ended unseen: as a kill, except that a
 *     {@code -1} job fails, since its outcome is unknown and running it again could do its work
 *     twice.</li>
 * </ul>
 */
public final class RestartPolicy {
    static final long THROTTLE_NANOS = 1_000_000_000L;

    private final boolean once;
    private final int maxRespawns;
    private final long intervalNanos;

    public RestartPolicy(boolean once, int maxRespawns, long intervalNanos) {
        this.once = once;
        this.maxRespawns = maxRespawns;
        this.intervalNanos = intervalNanos;
    }

    /** The decision for a run that ended with {@code status} after {@code runNanos}, with {@code respawns} done so far. */
    public Decision decide(ExitStatus status, long runNanos, int respawns) {
        if (once && status.isSuccess()) {
            return new Decision(JobState.COMPLETED, 0, "exited 0 with -1");
        }
        if (maxRespawns >= 0 && respawns >= maxRespawns) {
            return status.isSuccess()
                    ? new Decision(JobState.COMPLETED, 0, "respawns spent (" + maxRespawns + ")")
                    : new Decision(JobState.FAILED, 0, "respawns spent (" + maxRespawns + ")");
        }
        long delay = runNanos < THROTTLE_NANOS ? THROTTLE_NANOS : 0;
        if (status.isSuccess() && intervalNanos > delay) {
            delay = intervalNanos;
        }
        return new Decision(JobState.EXITED, delay, delay > 0 ? "respawn after " + delay / 1_000_000 + " ms" : "respawn");
    }

    /** The decision for a run lost after {@code runNanos} (its monitor gone, its status unknown). */
    public Decision lost(long runNanos, int respawns) {
        if (once) {
            return new Decision(JobState.FAILED, 0, "a -1 run was lost (outcome unknown)");
        }
        return decide(ExitStatus.killed(Signals.KILL), runNanos, respawns);
    }

    /** {@code next} is EXITED (respawn after {@code delayNanos}), COMPLETED or FAILED. */
    public record Decision(JobState next, long delayNanos, String reason) {
        public boolean respawn() {
            return next == JobState.EXITED;
        }
    }
}
