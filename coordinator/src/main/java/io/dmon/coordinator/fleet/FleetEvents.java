package io.dmon.coordinator.fleet;

import io.dmon.proto.v1.Job;
import io.dmon.proto.v1.JobEvent;

/**
 * The events coordinators publish of their own decisions, beside the agents' events in the same
 * ring: a job's pause asked for or ended by an operator, a gate added, removed, closed or opened,
 * an agent session refused.
 * {@code cause} says who or what, as {@code dmonctl events} shows it.
 */
public final class FleetEvents {
    private FleetEvents() {
    }

    public static JobEvent ofJob(JobEvent.Kind kind, Job job, String cause, long unixMs) {
        return JobEvent.newBuilder().setKind(kind).setJobId(job.getId()).setHost(job.getHost())
                .setCause(cause).setUnixMs(unixMs).setJobCreatedUnixMs(job.getCreatedUnixMs()).build();
    }

    public static JobEvent ofGate(JobEvent.Kind kind, String gate, String cause, long unixMs) {
        return JobEvent.newBuilder().setKind(kind).setGate(gate).setCause(cause).setUnixMs(unixMs).build();
    }

    /** An event about a host rather than a job or gate (a refused agent session). */
    public static JobEvent ofHost(JobEvent.Kind kind, String host, String cause, long unixMs) {
        return JobEvent.newBuilder().setKind(kind).setHost(host).setCause(cause).setUnixMs(unixMs).build();
    }

    /** Who asked, as an operator gave it: {@code unknown} when dmonctl sent nobody. */
    public static String who(String by) {
        return by.isBlank() ? "unknown" : by;
    }
}
