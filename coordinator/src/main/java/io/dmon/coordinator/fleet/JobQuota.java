package io.dmon.coordinator.fleet;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How many jobs a coordinator lets the fleet hold, in all and on one host. Each spec is bounded
 * ({@code RequestLimits.MAX_SPEC_BYTES}), but without a bound on their number an operator's
 * script gone wrong fills the coordinators' memory, and one host's assignment and monitors grow
 * without end. Checked before a run creates anything; two runs at once on two coordinators may
 * each pass the check and together go a few jobs over (the bound is for runaway growth, not a
 * ledger). Jobs the coordinators learn back from their agents are never refused: they were
 * accepted once.
 *
 * @param maxJobs     jobs in the whole fleet
 * @param maxHostJobs jobs on one host
 */
public record JobQuota(int maxJobs, int maxHostJobs) {
    public static final int DEFAULT_MAX_JOBS = 10_000;
    public static final int DEFAULT_MAX_HOST_JOBS = 1_000;
    public static final JobQuota DEFAULT = new JobQuota(DEFAULT_MAX_JOBS, DEFAULT_MAX_HOST_JOBS);

    /** @throws IllegalArgumentException naming the limit below 1, in one line */
    public JobQuota {
        if (maxJobs < 1) {
            throw new IllegalArgumentException("max jobs must be at least 1, not " + maxJobs);
        }
        if (maxHostJobs < 1) {
            throw new IllegalArgumentException("max host jobs must be at least 1, not " + maxHostJobs);
        }
    }

    /**
     * What stops a run that adds one job to each of {@code hosts}, as a one-line message; empty
     * when it fits.
     *
     * @param ids the ids of every job the fleet holds now ({@code NAME@HOST})
     */
    public Optional<String> problem(Collection<String> ids, List<String> hosts) {
        if ((long) ids.size() + hosts.size() > maxJobs) {
            return Optional.of("the fleet holds " + ids.size() + " jobs and this run would add " + hosts.size()
                    + ", over the coordinator's limit of " + maxJobs + " (--max-jobs); remove jobs with dmonctl rm");
        }
        Map<String, Integer> perHost = new HashMap<>();
        for (String id : ids) {
            JobId.parse(id).ifPresent(job -> perHost.merge(job.host(), 1, Integer::sum));
        }
        for (String host : hosts) {
            int held = perHost.getOrDefault(host, 0);
            if (held + 1 > maxHostJobs) {
                return Optional.of("host '" + host + "' holds " + held + " jobs, the coordinator's limit for one host"
                        + " (--max-host-jobs " + maxHostJobs + "); remove jobs with dmonctl rm");
            }
        }
        return Optional.empty();
    }
}
