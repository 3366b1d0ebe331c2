package io.dmon.agent.supervise;

/**
 * One life of the command's process: what it is and how long it has been running and paused,
 * for the timeout that does not count paused time.
 *
 * @param startedAt   monotonic nanos of the start
 * @param startedAtMs wall-clock millis of the start (reported)
 * @param pausedSince monotonic nanos of the pause in force, -1 when not paused
 * @param pausedTotal nanos spent paused before the pause in force
 * @param timedOut    true once the timeout fired for this run
 */
record CommandRun(Proc proc, long startedAt, long startedAtMs, long pausedSince, long pausedTotal, boolean timedOut) {

    static CommandRun started(Proc proc, long now, long nowMs) {
        return new CommandRun(proc, now, nowMs, -1, 0, false);
    }

    boolean paused() {
        return pausedSince >= 0;
    }

    CommandRun pausedAt(long now) {
        return new CommandRun(proc, startedAt, startedAtMs, now, pausedTotal, timedOut);
    }

    CommandRun resumedAt(long now) {
        return new CommandRun(proc, startedAt, startedAtMs, -1, pausedTotal + (now - pausedSince), timedOut);
    }

    CommandRun afterTimeout() {
        return new CommandRun(proc, startedAt, startedAtMs, pausedSince, pausedTotal, true);
    }

    /** When a run with {@code timeoutNanos} times out, counting only the time it was not paused. */
    long timeoutAt(long timeoutNanos) {
        return startedAt + pausedTotal + timeoutNanos;
    }
}
