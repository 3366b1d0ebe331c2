package io.dmon.coordinator.fleet;

import io.dmon.proto.v1.JobEvent;
import io.dmon.proto.v1.JobState;
import io.dmon.proto.v1.JobStatus;

/**
 * What an event says about a job's status, between the agent's full status reports: the state,
 * the run, the pid while a process lives, the last exit status. Only the command's events count
 * (the log command's pid is not the job's), and an event older than the status changes nothing.
 * A REFUSED event's cause is the refusal the status carries; any other state clears it.
 */
public final class StatusMerge {
    private StatusMerge() {
    }

    public static JobStatus apply(JobStatus current, JobEvent event) {
        if (event.getRole() == JobEvent.Role.LOG || event.getState() == JobState.JOB_STATE_UNSPECIFIED
                || event.getUnixMs() < current.getUpdatedUnixMs()) {
            return current;
        }
        JobStatus.Builder next = current.toBuilder()
                .setId(event.getJobId())
                .setHost(event.getHost())
                .setState(event.getState())
                .setUpdatedUnixMs(event.getUnixMs());
        if (event.getRun() > 0) {
            next.setRun(event.getRun());
        }
        if (event.getJobCreatedUnixMs() != 0) {
            next.setJobCreatedUnixMs(event.getJobCreatedUnixMs());
        }
        if (event.getKind() == JobEvent.Kind.EXIT) {
            next.setLastExitStatus(event.getValue());
        } else if (current.getId().isEmpty()) {
            next.setLastExitStatus(-1);
        }
        if (event.getState() == JobState.REFUSED) {
            next.setRefusal(event.getCause());
        } else {
            next.clearRefusal();
        }
        if (!hasProcess(event.getState())) {
            next.setPid(0).setRunStartedUnixMs(0).setStartTimeTicks(0);
        } else if (event.getKind() == JobEvent.Kind.START && event.getPid() != 0) {
            next.setPid(event.getPid()).setRunStartedUnixMs(event.getUnixMs()).setStartTimeTicks(0);
        }
        return next.build();
    }

    private static boolean hasProcess(JobState state) {
        return state == JobState.STARTING || state == JobState.RUNNING || state == JobState.PAUSED;
    }
}
