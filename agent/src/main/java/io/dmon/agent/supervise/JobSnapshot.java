package io.dmon.agent.supervise;

/**
 * What a job looks like at one moment, readable from any thread (the agent reports it).
 *
 * @param pid            the running process, 0 when none
 * @param run            the current or last run number, 0 before the first
 * @param restarts       respawns so far
 * @param runStartedAtMs wall-clock start of the current run, 0 when none
 * @param startTime      /proc start time (clock ticks since boot) of pid, 0 when none
 * @param lastStatus     raw wait status of the last run, -1 before any ended
 * @param holds          the pause reasons in force (empty when not held)
 */
public record JobSnapshot(JobState state, int pid, int run, int restarts, long runStartedAtMs, long startTime,
                          int lastStatus, java.util.Set<String> holds) {
}
