package io.dmon.agent.host;

import io.dmon.proto.v1.JobEvent;
import io.dmon.proto.v1.JobStatus;

/** Receives what the jobs of this host do, on their supervisors' threads: must not block. */
public interface HostListener {
    void onEvent(JobEvent event);

    void onStatus(JobStatus status);

    /** A job's spool has new lines. */
    default void onLines() {
    }
}
