package io.dmon.agent.host;

import io.dmon.agent.supervise.JobSnapshot;

/**
 * What the host observes of one job at one moment.
 *
 * @param generation the Job.generation the observation belongs to
 * @param snapshot   state, process and counters; run numbered over the job's life on this host,
 *                   restarts within the generation
 */
public record JobReport(String jobId, long generation, JobSnapshot snapshot, long updatedUnixMs) {
}
