package io.dmon.coordinator.fleet;

import io.dmon.proto.v1.Job;
import io.dmon.proto.v1.JobEvent;
import io.dmon.proto.v1.JobStatus;

/**
 * Whether what an agent reported is of the job held now, or of another job of the same id (one
 * removed, whose last reports, its stop, may come after a new job of the id was run): told by the
 * job's creation time each report carries. A report or job that does not say (0: an older agent)
 * is taken to be the held job's.
 */
public final class SameJob {
    private SameJob() {
    }

    public static boolean created(long held, long reported) {
        return held == 0 || reported == 0 || held == reported;
    }

    public static boolean status(Job job, JobStatus status) {
        return created(job.getCreatedUnixMs(), status.getJobCreatedUnixMs());
    }

    public static boolean event(long held, JobEvent event) {
        return created(held, event.getJobCreatedUnixMs());
    }
}
