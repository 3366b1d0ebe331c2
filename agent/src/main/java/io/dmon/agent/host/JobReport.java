package io.dmon.agent.host;

import io.dmon.agent.supervise.JobSnapshot;
import java.util.List;

/**
 * What the host observes of one job at one moment.
 *
 * @param generation the Job.generation the observation belongs to
 * @param snapshot   state, process and counters; run numbered over the job's life on this host,
 *                   restarts within the generation
 * @param holds      why it is held (paused, or due to start but held), sorted by reason; empty
 *                   when nothing holds it or it is not meant to run
 * @param refusal    why the agent refused the job (state REFUSED), else empty
 * @param holding    what holds its processes and what they used, or null before it was launched here
 * @param created    the coordinator's creation time of the job observed (0: not known): a removed
 *                   job's last reports are not a new job's of the same id
 */
public record JobReport(String jobId, long generation, JobSnapshot snapshot, long updatedUnixMs, List<JobHold> holds,
                        String refusal, JobHolding holding, long created) {

    public JobReport(String jobId, long generation, JobSnapshot snapshot, long updatedUnixMs, List<JobHold> holds,
                     String refusal) {
        this(jobId, generation, snapshot, updatedUnixMs, holds, refusal, null, 0);
    }
}
