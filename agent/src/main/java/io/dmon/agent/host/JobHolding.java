package io.dmon.agent.host;

import io.dmon.agent.process.cgroup.CgroupUsage;
import io.dmon.agent.process.cgroup.Isolation;

/**
 * What holds a hosted job's processes and what they used, as the host reports them (the link
 * knows no processes: it maps these).
 *
 * @param kind        CGROUP_V2, CGROUP_V1_FREEZER or PROCESS_GROUP
 * @param fallback    why not a better holder, else empty
 * @param cgroup      the holder's directory, empty for a process group
 * @param cpuMicros   CPU time of all its processes, -1 unknown (or no cgroup)
 * @param memoryBytes memory charged now, -1 unknown
 * @param memoryPeak  the most charged, -1 unknown
 */
public record JobHolding(String kind, String fallback, String cgroup, long cpuMicros, long memoryBytes,
                         long memoryPeak) {

    static JobHolding of(Isolation isolation, CgroupUsage usage) {
        CgroupUsage u = usage == null ? CgroupUsage.UNKNOWN : usage;
        return new JobHolding(isolation.kind().name(), isolation.fallback(), isolation.path(), u.cpuMicros(),
                u.memoryBytes(), u.memoryPeakBytes());
    }

    /** True when a cgroup counted something (else there is no usage to report). */
    public boolean hasUsage() {
        return !cgroup.isEmpty();
    }
}
