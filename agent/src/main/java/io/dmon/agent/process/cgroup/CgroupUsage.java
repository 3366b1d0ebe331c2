package io.dmon.agent.process.cgroup;

/**
 * What a job's cgroup has used; -1 where its controller is not there to say.
 *
 * @param cpuMicros        CPU time of every process the job ever ran, in microseconds
 * @param memoryBytes      memory charged now
 * @param memoryPeakBytes  the most ever charged
 */
public record CgroupUsage(long cpuMicros, long memoryBytes, long memoryPeakBytes) {
    public static final CgroupUsage UNKNOWN = new CgroupUsage(-1, -1, -1);
}
