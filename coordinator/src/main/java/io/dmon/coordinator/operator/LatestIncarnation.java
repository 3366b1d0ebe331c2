package io.dmon.coordinator.operator;

import io.dmon.proto.v1.JobEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The events of each job since its last removal, in the order they were stored: a job run again
 * under the id of one removed is another job, and the removed one's events (its runs, its
 * respawns) are not its history. Told apart by the store's order, not by time: a job's events are
 * stamped by its host's clock, its removal by a coordinator's, and a host 5 minutes ahead made the
 * removed job's respawns look newer than the new job's creation ({@code dmonctl run -n} said them
 * as respawns of the new job). The removed job's own last events (its stop) may be stored after its
 * removal: those that name its creation time, as the removal does, are left out too.
 */
final class LatestIncarnation {
    private LatestIncarnation() {
    }

    /** {@code stored} (in store order) without each job's events stored before its last REMOVED; the REMOVED stays. */
    static List<JobEvent> of(List<JobEvent> stored) {
        Map<String, Integer> lastRemoval = new HashMap<>();
        Map<String, Long> removedCreation = new HashMap<>();
        for (int i = 0; i < stored.size(); i++) {
            JobEvent e = stored.get(i);
            if (e.getKind() == JobEvent.Kind.REMOVED && !e.getJobId().isEmpty()) {
                lastRemoval.put(e.getJobId(), i);
                removedCreation.put(e.getJobId(), e.getJobCreatedUnixMs());
            }
        }
        if (lastRemoval.isEmpty()) {
            return stored;
        }
        List<JobEvent> out = new ArrayList<>(stored.size());
        for (int i = 0; i < stored.size(); i++) {
            JobEvent e = stored.get(i);
            Integer removal = lastRemoval.get(e.getJobId());
            long removed = removedCreation.getOrDefault(e.getJobId(), 0L);
            boolean removedJobs = i > (removal == null ? Integer.MAX_VALUE : removal) && removed != 0
                    && e.getJobCreatedUnixMs() == removed;
            if ((removal == null || i >= removal) && !removedJobs) {
                out.add(e);
            }
        }
        return out;
    }
}
