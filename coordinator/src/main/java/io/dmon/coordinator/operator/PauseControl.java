package io.dmon.coordinator.operator;

import io.dmon.coordinator.fleet.FleetEvents;
import io.dmon.coordinator.fleet.HostLiveness;
import io.dmon.coordinator.fleet.RpcErrors;
import io.dmon.coordinator.store.FleetStore;
import io.dmon.proto.v1.Job;
import io.dmon.proto.v1.JobEvent;
import io.dmon.proto.v1.Pause;
import io.dmon.proto.v1.PauseRequest;
import io.dmon.proto.v1.ResumeRequest;
import io.dmon.wire.CompactDuration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Pause and Resume: an operator's pause is desired state ({@code Job.pause}), written with the
 * store's batched edit (one cluster call for all the matched jobs), so it reaches the agent as every change does, survives restarts and
 * reaches agents that reconnect later. Each request is a new pause (a fresh id): pausing a paused
 * job replaces its pause and lease. Every job is found before any is changed.
 */
final class PauseControl {
    private final FleetStore store;
    private final HostLiveness clock;
    private final JobSelection selection;

    PauseControl(FleetStore store, HostLiveness clock) {
        this.store = store;
        this.clock = clock;
        this.selection = new JobSelection(store);
    }

    List<Job> pause(PauseRequest request) {
        if (request.getLeaseMs() < 0) {
            throw RpcErrors.invalid("bad lease " + request.getLeaseMs() + " ms: give 0 (until resumed) or more");
        }
        List<Job> jobs = selection.select(request.getSelector());
        long now = clock.nowMs();
        String by = FleetEvents.who(request.getBy());
        Pause pause = Pause.newBuilder().setId(UUID.randomUUID().toString()).setSinceUnixMs(now)
                .setLeaseMs(request.getLeaseMs()).setBy(by).build();
        String cause = "manual by " + by + (pause.getLeaseMs() > 0 ? " for " + CompactDuration.of(pause.getLeaseMs()) : "");
        List<Job> paused = store.jobs().updateAll(ids(jobs), j -> j.toBuilder().setPause(pause).build());
        List<JobEvent> events = new ArrayList<>();
        for (Job j : paused) {
            events.add(FleetEvents.ofJob(JobEvent.Kind.PAUSE_REQUESTED, j, cause, now));
        }
        store.events().publish(events);
        return paused;
    }

    /** Clears the matched jobs' pauses; jobs not paused are matched and left as they are. */
    List<Job> resume(ResumeRequest request) {
        List<Job> jobs = selection.select(request.getSelector());
        long now = clock.nowMs();
        String cause = "by " + FleetEvents.who(request.getBy());
        Set<String> wasPaused = new HashSet<>();
        jobs.stream().filter(Job::hasPause).forEach(j -> wasPaused.add(j.getId()));
        List<Job> resumed = store.jobs().updateAll(ids(jobs), j -> j.hasPause() ? j.toBuilder().clearPause().build() : j);
        List<JobEvent> events = new ArrayList<>();
        for (Job j : resumed) {
            if (wasPaused.contains(j.getId())) {
                events.add(FleetEvents.ofJob(JobEvent.Kind.RESUME_REQUESTED, j, cause, now));
            }
        }
        store.events().publish(events);
        return resumed;
    }

    private static List<String> ids(List<Job> jobs) {
        return jobs.stream().map(Job::getId).toList();
    }
}
