package io.dmon.agent.supervise;

/**
 * Where a job is in its life. Paused is always SIGSTOP'd, and frozen too where the job has a
 * cgroup (or held back from starting). REFUSED: the agent's policy would not run it, so nothing
 * was started (never a supervisor's state).
 */
public enum JobState {
    STARTING, RUNNING, PAUSED, EXITED, COMPLETED, FAILED, STOPPED, REFUSED;

    /** True for the states a job never leaves. */
    public boolean terminal() {
        return this == COMPLETED || this == FAILED || this == STOPPED || this == REFUSED;
    }
}
