package io.dmon.agent.host;

import io.dmon.agent.supervise.JobEvent;

/**
 * One transition of a hosted job.
 *
 * @param event  as the supervisor emitted it, with the run numbered over the job's life on this host
 * @param cause  who or what caused it, when known ("load", "stopped", "restart", "removed", "agent
 *               stopping", the holds of a PAUSE or RESUME such as "manual,gate db", "pause by
 *               alice@ops1 for 10m ended" for LEASE_EXPIRED, or why the job could not start);
 *               empty otherwise
 * @param created the coordinator's creation time of the job (0: not known)
 */
public record HostEvent(String jobId, JobEvent event, long unixMs, String cause, long created) {
}
