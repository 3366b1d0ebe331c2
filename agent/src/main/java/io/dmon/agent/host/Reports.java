package io.dmon.agent.host;

import io.dmon.agent.supervise.JobEvent;
import io.dmon.agent.supervise.JobSnapshot;
import io.dmon.agent.supervise.JobState;
import io.dmon.proto.v1.JobStatus;

/** Converts what a supervisor says into the messages the coordinators read. */
final class Reports {
    private Reports() {
    }

    static io.dmon.proto.v1.JobState state(JobState s) {
        return io.dmon.proto.v1.JobState.valueOf(s.name());
    }

    static io.dmon.proto.v1.JobEvent event(String jobId, String host, JobEvent e) {
        return io.dmon.proto.v1.JobEvent.newBuilder().setJobId(jobId).setHost(host)
                .setRole(io.dmon.proto.v1.JobEvent.Role.valueOf(e.role().name()))
                .setKind(io.dmon.proto.v1.JobEvent.Kind.valueOf(e.kind().name()))
                .setPid(e.pid()).setValue(e.value()).setRun(e.run()).setState(state(e.state()))
                .setUnixMs(System.currentTimeMillis()).build();
    }

    static JobStatus status(String jobId, String host, long generation, JobSnapshot s) {
        return JobStatus.newBuilder().setId(jobId).setHost(host).setState(state(s.state())).setPid(s.pid())
                .setRun(s.run()).setRestarts(s.restarts()).setRunStartedUnixMs(s.runStartedAtMs())
                .setLastExitStatus(s.lastStatus()).setUpdatedUnixMs(System.currentTimeMillis())
                .setGeneration(generation).setStartTimeTicks(s.startTime()).build();
    }
}
