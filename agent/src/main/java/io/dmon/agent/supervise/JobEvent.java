package io.dmon.agent.supervise;

/**
 * One transition of a job, the facts behind DMon's status lines and, later, the uplink.
 *
 * @param role    the command or the log command
 * @param kind    what happened
 * @param pid     the process concerned (the group leader for group signals)
 * @param value   the raw wait status for EXIT, the signal for SIGNAL, else 0
 * @param run     the command's run number (1 for the first run)
 * @param state   the job's state after the transition
 * @param afterStop true for the exits that follow our own stop at shutdown (DMon writes no line for them)
 */
public record JobEvent(Role role, Kind kind, int pid, int value, int run, JobState state, boolean afterStop) {

    public enum Role { CMD, LOG }

    /**
     * What happened. HOLD: the set of holds changed without a pause or resume (one reason for
     * another, or no process to stop): only for reporting, never sent on. LEASE_EXPIRED: the
     * agent ended an operator's pause whose lease ran out (never emitted by a supervisor). LOST:
     * the command's run ended unseen, with the monitor that held it; its status is unknown.
     */
    public enum Kind { START, EXIT, STOP, SIGNAL, TIMEOUT, PAUSE, RESUME, STATE, HOLD, LEASE_EXPIRED, LOST }

    /** Receives job events, on the supervisor's thread: must not block for long. */
    @FunctionalInterface
    public interface Listener {
        void onEvent(JobEvent event);
    }
}
