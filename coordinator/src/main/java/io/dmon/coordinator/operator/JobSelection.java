package io.dmon.coordinator.operator;

import io.dmon.coordinator.fleet.JobSelector;
import io.dmon.coordinator.fleet.RpcErrors;
import io.dmon.coordinator.gates.GateHolds;
import io.dmon.coordinator.store.FleetStore;
import io.dmon.proto.v1.Job;
import io.dmon.proto.v1.Selector;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The jobs a selector names, now: by id (every one must exist: NOT_FOUND naming the first that
 * does not), or every job that matches, with host labels as the hosts registered them (NOT_FOUND
 * saying what the selector was when none does).
 */
final class JobSelection {
    private final FleetStore store;
    private final JobLookup lookup;

    JobSelection(FleetStore store) {
        this.store = store;
        this.lookup = new JobLookup(store.jobs());
    }

    List<Job> select(Selector request) {
        JobSelector selector = JobSelector.of(request);
        if (selector.byIds()) {
            return lookup.existing(selector.jobIds());
        }
        Map<String, Map<String, String>> labels = GateHolds.labelsByHost(store.hosts().all());
        List<Job> chosen = store.jobs().all().stream()
                .filter(j -> selector.matches(j, labels.getOrDefault(j.getHost(), Map.of())))
                .sorted(Comparator.comparing(Job::getHost).thenComparing(Job::getName))
                .toList();
        if (chosen.isEmpty()) {
            throw RpcErrors.notFound("no job matches " + selector.describe());
        }
        return chosen;
    }
}
