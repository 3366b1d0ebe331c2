package io.dmon.agent.link;

import com.google.protobuf.UnsafeByteOperations;
import io.dmon.agent.host.HostEvent;
import io.dmon.agent.host.JobHold;
import io.dmon.agent.host.JobHolding;
import io.dmon.agent.host.JobReport;
import io.dmon.agent.spool.SpoolOverflow;
import io.dmon.agent.spool.SpooledLine;
import io.dmon.agent.state.StorageHealth;
import io.dmon.agent.supervise.JobSnapshot;
import io.dmon.proto.v1.Hold;
import io.dmon.proto.v1.JobEvent;
import io.dmon.proto.v1.JobIsolation;
import io.dmon.proto.v1.JobUsage;
import io.dmon.proto.v1.JobState;
import io.dmon.proto.v1.JobStatus;
import io.dmon.proto.v1.LogLine;

/** The host's observations and spooled lines in their wire form (the one place that maps them). */
final class ReportMapper {
    private ReportMapper() {
    }

    static JobStatus status(JobReport r, String host) {
        JobSnapshot s = r.snapshot();
        JobStatus.Builder b = JobStatus.newBuilder();
        JobHolding h = r.holding();
        if (h != null) {
            b.setIsolation(JobIsolation.newBuilder().setKind(JobIsolation.Kind.valueOf(h.kind()))
                    .setFallback(h.fallback()).setCgroup(h.cgroup()));
            if (h.hasUsage()) {
                b.setUsage(JobUsage.newBuilder().setCpuUsec(h.cpuMicros()).setMemoryBytes(h.memoryBytes())
                        .setMemoryPeakBytes(h.memoryPeak()).setReadUnixMs(r.updatedUnixMs()));
            }
        }
        return b
                .setId(r.jobId())
                .setHost(host)
                .setState(state(s.state()))
                .setPid(s.pid())
                .setRun(s.run())
                .setRestarts(s.restarts())
                .setRunStartedUnixMs(s.runStartedAtMs())
                .setLastExitStatus(s.lastStatus())
                .setUpdatedUnixMs(r.updatedUnixMs())
                .setGeneration(r.generation())
                .setStartTimeTicks(s.startTime())
                .addAllHolds(r.holds().stream().map(ReportMapper::hold).toList())
                .setRefusal(r.refusal())
                .setJobCreatedUnixMs(r.created())
                .build();
    }

    static Hold hold(JobHold h) {
        return Hold.newBuilder().setReason(h.reason()).setSinceUnixMs(h.sinceUnixMs()).setUntilUnixMs(h.untilUnixMs())
                .build();
    }

    /** A host event on the wire; the names of the kinds are the same on both sides (HOLD is never sent). */
    static JobEvent event(HostEvent e, String host) {
        io.dmon.agent.supervise.JobEvent m = e.event();
        return JobEvent.newBuilder()
                .setJobId(e.jobId())
                .setHost(host)
                .setRole(m.role() == io.dmon.agent.supervise.JobEvent.Role.CMD ? JobEvent.Role.CMD : JobEvent.Role.LOG)
                .setKind(JobEvent.Kind.valueOf(m.kind().name()))
                .setPid(m.pid())
                .setValue(m.value())
                .setRun(m.run())
                .setState(state(m.state()))
                .setUnixMs(e.unixMs())
                .setCause(e.cause())
                .setJobCreatedUnixMs(e.created())
                .build();
    }

    /**
     * A spool overflow as an event of the job's output side (role LOG: it says nothing of the
     * command's state, which stays unspecified), its value the lines dropped.
     */
    static JobEvent overflow(SpoolOverflow o, String host, long unixMs) {
        return JobEvent.newBuilder()
                .setJobId(o.jobId())
                .setHost(host)
                .setRole(JobEvent.Role.LOG)
                .setKind(JobEvent.Kind.SPOOL_OVERFLOW)
                .setValue((int) Math.min(Integer.MAX_VALUE, o.lines()))
                .setUnixMs(unixMs)
                .setCause(o.cause())
                .build();
    }

    /** A change of the host's disk condition: an event of the host, not of a job. */
    static JobEvent storage(StorageHealth.Change c, String host) {
        return JobEvent.newBuilder()
                .setHost(host)
                .setKind(c.failed() ? JobEvent.Kind.STORAGE_FAILED : JobEvent.Kind.STORAGE_RECOVERED)
                .setUnixMs(c.unixMs())
                .setCause(c.cause())
                .build();
    }

    /**
     * A spooled line of job {@code jobId} on the wire. Its bytes are wrapped, not copied: the
     * spool hands each line a copy of its own that nothing changes afterwards.
     */
    static LogLine line(String jobId, long incarnation, SpooledLine l) {
        return LogLine.newBuilder()
                .setJobId(jobId)
                .setJobCreatedUnixMs(incarnation)
                .setRun(l.run())
                .setSeq(l.seq())
                .setUnixMs(l.unixMs())
                .setLine(UnsafeByteOperations.unsafeWrap(l.text()))
                .setStderr(l.stderr())
                .build();
    }

    /** The names are the same on both sides. */
    static JobState state(io.dmon.agent.supervise.JobState state) {
        return JobState.valueOf(state.name());
    }
}
