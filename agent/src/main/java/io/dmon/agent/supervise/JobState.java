package io.dmon.agent.supervise;

/** Where a job is in its life. Paused is always SIGSTOP'd (or held back from starting). */
public enum JobState {
    STARTING, RUNNING, PAUSED, EXITED, COMPLETED, FAILED, STOPPED;

    /** True for the states a job never leaves. */
    public boolean terminal() {
        return this == COMPLETED || this == FAILED || this == STOPPED;
    }
}
