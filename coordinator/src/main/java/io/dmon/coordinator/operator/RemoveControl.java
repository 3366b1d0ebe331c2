package io.dmon.coordinator.operator;

import io.dmon.coordinator.fleet.FleetEvents;
import io.dmon.coordinator.fleet.HostLiveness;
import io.dmon.coordinator.fleet.RpcErrors;
import io.dmon.coordinator.fleet.SameJob;
import io.dmon.coordinator.store.FleetStore;
import io.dmon.proto.v1.DesiredState;
import io.dmon.proto.v1.Job;
import io.dmon.proto.v1.JobEvent;
import io.dmon.proto.v1.JobState;
import io.dmon.proto.v1.JobStatus;
import io.dmon.proto.v1.RemoveRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Remove: a job leaves the fleet's desired state, and its status and stored lines go with it. The
 * agent holding the job gets a removal (now, or as the job's absence from its next assignment)
 * and stops the job and forgets it. Every matched job is checked before any is removed: without
 * force, one that may still run refuses the whole request.
 */
final class RemoveControl {
    private final FleetStore store;
    private final HostLiveness clock;
    private final JobSelection selection;

    RemoveControl(FleetStore store, HostLiveness clock) {
        this.store = store;
        this.clock = clock;
        this.selection = new JobSelection(store);
    }

    List<Job> remove(RemoveRequest request) {
        List<Job> jobs = selection.select(request.getSelector());
        if (!request.getForce()) {
            Map<String, JobStatus> statuses = store.statuses().getAll(jobs.stream().map(Job::getId).toList());
            for (Job job : jobs) {
                running(job, Optional.ofNullable(statuses.get(job.getId())).filter(s -> SameJob.status(job, s))).ifPresent(state -> {
                    throw RpcErrors.failedPrecondition("job '" + job.getId() + "' is " + state
                            + ": stop it first, or remove it with --force (nothing was removed)");
                });
            }
        }
        long now = clock.nowMs();
        String cause = "by " + FleetEvents.who(request.getBy());
        List<Job> removed = new ArrayList<>();
        List<JobEvent> events = new ArrayList<>();
        for (Job job : jobs) {
            Optional<Job> gone = store.jobs().remove(job.getId());
            // Status and lines go even when another request removed the job first: nothing else will.
            store.statuses().remove(job.getId());
            store.logs().remove(job.getId());
            gone.ifPresent(j -> {
                removed.add(j);
                events.add(FleetEvents.ofJob(JobEvent.Kind.REMOVED, j, cause, now));
            });
        }
        store.events().publish(events);
        return removed;
    }

    /**
     * What makes the job count as running, empty when it does not: its agent reported a live
     * state, or it is desired running and no agent has reported an end of it yet.
     */
    static Optional<String> running(Job job, Optional<JobStatus> status) {
        JobState state = status.map(JobStatus::getState).orElse(JobState.JOB_STATE_UNSPECIFIED);
        return switch (state) {
            case STARTING, RUNNING, PAUSED, EXITED -> Optional.of(state.name());
            case COMPLETED, FAILED, STOPPED -> Optional.empty();
            default -> job.getDesired() == DesiredState.DESIRED_STOPPED ? Optional.empty() : Optional.of("not yet reported");
        };
    }
}
