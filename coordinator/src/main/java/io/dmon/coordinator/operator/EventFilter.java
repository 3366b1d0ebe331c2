package io.dmon.coordinator.operator;

import io.dmon.coordinator.fleet.JobSelector;
import io.dmon.coordinator.gates.GateHolds;
import io.dmon.coordinator.store.FleetStore;
import io.dmon.proto.v1.EventsRequest;
import io.dmon.proto.v1.Job;
import io.dmon.proto.v1.JobEvent;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Which events an Events call wants: those at or after its {@code since}, and with a selector
 * those of the jobs it matches (gate-only events, about no job, are left out then). Jobs are
 * looked up once per call, when their first event comes: a job's tags and host do not change.
 */
final class EventFilter implements Predicate<JobEvent> {
    private final FleetStore store;
    private final long since;
    private final JobSelector selector;
    private final Map<String, Boolean> matched = new HashMap<>();

    /**
     * @throws io.grpc.StatusRuntimeException INVALID_ARGUMENT for a bad selector or since,
     *                                        NOT_FOUND for an unknown job id
     */
    EventFilter(FleetStore store, EventsRequest request) {
        if (request.getSinceUnixMs() < 0) {
            throw io.dmon.coordinator.fleet.RpcErrors.invalid("bad since " + request.getSinceUnixMs()
                    + ": give a time in ms since the epoch, or 0 for none");
        }
        this.store = store;
        this.since = request.getSinceUnixMs();
        this.selector = request.hasSelector() ? JobSelector.of(request.getSelector()) : null;
        if (selector != null && selector.byIds()) {
            new JobLookup(store.jobs()).existing(selector.jobIds());
        }
    }

    /** Whether the call asks for less than every event, so that the whole ring must be read. */
    boolean narrows() {
        return since > 0 || selector != null;
    }

    @Override
    public boolean test(JobEvent event) {
        if (event.getUnixMs() < since) {
            return false;
        }
        if (selector == null) {
            return true;
        }
        if (event.getJobId().isEmpty()) {
            return false;
        }
        return matched.computeIfAbsent(event.getJobId(), this::matches);
    }

    private boolean matches(String jobId) {
        Optional<Job> job = store.jobs().get(jobId);
        if (job.isEmpty()) {
            return false;
        }
        Map<String, String> labels = GateHolds.labelsByHost(store.hosts().all()).getOrDefault(job.get().getHost(), Map.of());
        return selector.matches(job.get(), labels);
    }
}
