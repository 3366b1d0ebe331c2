package io.dmon.agent.host;

import io.dmon.agent.state.PauseRecord;
import io.dmon.agent.state.StateDir;
import io.dmon.wire.CompactDuration;
import java.io.IOException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * One job's operator pause as this agent applies it. A lease ends {@code lease_ms} after the
 * agent first saw that pause id, by the agent's own clock: the first sighting is saved in the
 * state directory, so neither an agent restart nor the same pause sent again extends the lease
 * or brings back one that ended. A timer calls back at the lease's end; the owner then calls
 * {@link #expire}. Not thread-safe: the owner guards it. It touches no disk under the owner's
 * guard: the saved record is read once, when the lease is made, and writes go to the owner's
 * {@code writes}, which performs them in order once its guard is released.
 */
final class PauseLease {
    private final String jobId;
    private final StateDir state;
    private final ScheduledExecutorService timer;
    private final LongSupplier wallClock;
    private final Consumer<String> diagnostics;
    private final Runnable onDue;
    private final Consumer<Runnable> writes;
    private final PauseRecord stored;

    private OperatorPause current;
    private PauseRecord record;
    private ScheduledFuture<?> due;

    /**
     * Reads what a previous agent saved of the job's pause (call it outside any guard).
     *
     * @param onDue  called on the timer's thread when the lease may have ended
     * @param writes performs a record write later, in order, outside the owner's guard
     */
    PauseLease(String jobId, StateDir state, ScheduledExecutorService timer, LongSupplier wallClock,
               Consumer<String> diagnostics, Runnable onDue, Consumer<Runnable> writes) {
        this.jobId = jobId;
        this.state = state;
        this.timer = timer;
        this.wallClock = wallClock;
        this.diagnostics = diagnostics;
        this.onDue = onDue;
        this.writes = writes;
        this.stored = state.readPause(jobId).orElse(null);
    }

    /** The job's pause from its desired state, null when it has none. */
    void follow(OperatorPause pause) {
        current = pause;
        if (pause == null) {
            cancel();
            return;
        }
        long now = wallClock.getAsLong();
        if (record == null || !record.pauseId().equals(pause.id())) {
            cancel();
            // Only this lease writes the job's pause record: what it read at the start is still on disk
            // unless it wrote since, and then that is in record already.
            record = stored != null && stored.pauseId().equals(pause.id()) ? stored : null;
            if (record == null) {
                record = new PauseRecord(jobId, pause.id(), now,
                        pause.leaseMs() > 0 ? now + pause.leaseMs() : 0, false);
                save();
            }
        }
        if (due == null && record.untilUnixMs() > 0 && !record.ended()) {
            schedule(record.untilUnixMs() - now);
        }
    }

    /** True while the operator's pause holds the job. */
    boolean holds() {
        return current != null && record != null && !record.ended();
    }

    /** When the pause in force began, by the agent's clock. */
    long sinceUnixMs() {
        return holds() ? record.firstSeenUnixMs() : 0;
    }

    /** When the pause in force ends by its lease, 0 when it has none. */
    long untilUnixMs() {
        return holds() ? record.untilUnixMs() : 0;
    }

    /**
     * Ends the pause if its lease ran out (saved, so it stays ended), and returns it then; null
     * when nothing ended (no lease, already ended, or not yet due: the timer is set again).
     */
    OperatorPause expire() {
        due = null;
        if (!holds() || record.untilUnixMs() == 0) {
            return null;
        }
        long left = record.untilUnixMs() - wallClock.getAsLong();
        if (left > 0) {
            // The timer's clock is not the wall clock: it may fire a little early.
            schedule(left);
            return null;
        }
        record = record.end();
        save();
        return current;
    }

    /** The cause of the LEASE_EXPIRED event: "pause by alice@ops1 for 10m ended". */
    static String endedCause(OperatorPause pause) {
        return "pause" + (pause.by().isEmpty() ? "" : " by " + pause.by()) + " for "
                + CompactDuration.of(pause.leaseMs()) + " ended";
    }

    /** Stops the timer (the job is gone or the agent stops). */
    void cancel() {
        if (due != null) {
            due.cancel(false);
            due = null;
        }
    }

    private void schedule(long delayMs) {
        try {
            due = timer.schedule(onDue, Math.max(0, delayMs), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // The host is closing: the next agent takes the lease over from the saved record.
        }
    }

    private void save() {
        PauseRecord r = record;
        writes.accept(() -> {
            try {
                state.writePause(r);
            } catch (IOException e) {
                diagnostics.accept("job " + jobId + ": cannot save its pause record: " + e.getMessage());
            }
        });
    }
}
