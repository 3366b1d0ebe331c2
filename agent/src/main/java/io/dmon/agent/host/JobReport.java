package io.dmon.agent.host;

import io.dmon.agent.process.cgroup.CgroupUsage;
import io.dmon.agent.process.cgroup.Isolation;
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
 * @param isolation  what holds its processes, or null before it was launched here
 * @param usage      what its cgroup counted, or null without one
 */
public record JobReport(String jobId, long generation, JobSnapshot snapshot, long updatedUnixMs, List<JobHold> holds,
                        String refusal, Isolation isolation, CgroupUsage usage) {

    public JobReport(String jobId, long generation, JobSnapshot snapshot, long updatedUnixMs, List<JobHold> holds,
                     String refusal) {
        this(jobId, generation, snapshot, updatedUnixMs, holds, refusal, null, null);
    }
}
