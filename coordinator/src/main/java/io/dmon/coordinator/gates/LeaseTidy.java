package io.dmon.coordinator.gates;

import io.dmon.coordinator.store.JobStore;
import io.dmon.proto.v1.Job;
import io.dmon.proto.v1.Pause;
import java.util.List;

/**
 * Clears a leased pause from a job's desired state once its lease has passed by this
 * coordinator's clock, and {@link #AGENT_FIRST_MS} more. The agent ends the hold by its own clock
 * regardless (it may have seen the pause later, or be cut off); this only keeps the stored state
 * from claiming a pause long over.
 */
final class LeaseTidy {
    /**
     * The agent counts a lease from when it got the pause, a moment after it was asked for here:
     * the tidy waits this much longer, so that the agent ends the pause itself (a cleared pause
     * would release the job first, with no {@code lease expired} event to say why).
     */
    static final long AGENT_FIRST_MS = 10_000;

    private final JobStore jobs;

    LeaseTidy(JobStore jobs) {
        this.jobs = jobs;
    }

    /** Clears every expired lease among {@code known}; returns how many. */
    int tidy(List<Job> known, long nowMs) {
        int cleared = 0;
        for (Job job : known) {
            if (expired(job.getPause(), job.hasPause(), nowMs)) {
                String id = job.getPause().getId();
                // Only that pause: one asked for meanwhile (a new id) stays.
                boolean done = jobs.update(job.getId(), j -> j.hasPause() && j.getPause().getId().equals(id)
                        ? j.toBuilder().clearPause().build() : j).map(j -> !j.hasPause()).orElse(false);
                cleared += done ? 1 : 0;
            }
        }
        return cleared;
    }

    static boolean expired(Pause pause, boolean present, long nowMs) {
        return present && pause.getLeaseMs() > 0 && nowMs >= pause.getSinceUnixMs() + pause.getLeaseMs() + AGENT_FIRST_MS;
    }
}
