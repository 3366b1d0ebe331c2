package io.dmon.coordinator.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.proto.v1.JobEvent.Kind;
import io.dmon.proto.v1.JobEvent;
import io.dmon.proto.v1.JobState;
import io.dmon.proto.v1.JobStatus;
import org.junit.jupiter.api.Test;

class StatusMergeTest {
    private static final JobStatus NONE = JobStatus.getDefaultInstance();

    @Test
    void aStartGivesThePidAndAnExitTakesItAndRecordsTheStatus() {
        JobStatus started = StatusMerge.apply(NONE, event(Kind.START, JobState.RUNNING, 100).toBuilder().setPid(42).build());
        assertThat(started.getId()).isEqualTo("j@h");
        assertThat(started.getPid()).isEqualTo(42);
        assertThat(started.getRunStartedUnixMs()).isEqualTo(100);
        assertThat(started.getLastExitStatus()).isEqualTo(-1);

        JobStatus paused = StatusMerge.apply(started, event(Kind.PAUSE, JobState.PAUSED, 150));
        assertThat(paused.getPid()).isEqualTo(42);

        JobStatus exited = StatusMerge.apply(paused, event(Kind.EXIT, JobState.EXITED, 200).toBuilder().setValue(256).build());
        assertThat(exited.getState()).isEqualTo(JobState.EXITED);
        assertThat(exited.getPid()).isZero();
        assertThat(exited.getLastExitStatus()).isEqualTo(256);
        assertThat(exited.getUpdatedUnixMs()).isEqualTo(200);
    }

    @Test
    void olderEventsAndTheLogCommandsEventsChangeNothing() {
        JobStatus current = StatusMerge.apply(NONE, event(Kind.START, JobState.RUNNING, 500));
        assertThat(StatusMerge.apply(current, event(Kind.EXIT, JobState.EXITED, 400))).isSameAs(current);
        JobEvent logExit = event(Kind.EXIT, JobState.EXITED, 600).toBuilder().setRole(JobEvent.Role.LOG).build();
        assertThat(StatusMerge.apply(current, logExit)).isSameAs(current);
    }

    @Test
    void aRefusalCarriesItsReasonUntilTheJobIsInAnotherState() {
        JobStatus refused = StatusMerge.apply(NONE, event(Kind.STATE, JobState.REFUSED, 100).toBuilder()
                .setCause("the command would run as root (no -u, agent is root) and this agent was started without "
                        + "--allow-root").build());
        assertThat(refused.getState()).isEqualTo(JobState.REFUSED);
        assertThat(refused.getRefusal()).endsWith("without --allow-root");
        assertThat(refused.getPid()).isZero();

        JobStatus started = StatusMerge.apply(refused, event(Kind.START, JobState.RUNNING, 200).toBuilder()
                .setPid(7).build());
        assertThat(started.getRefusal()).isEmpty();
    }

    private static JobEvent event(Kind kind, JobState state, long unixMs) {
        return JobEvent.newBuilder().setJobId("j@h").setHost("h").setRole(JobEvent.Role.CMD).setKind(kind)
                .setState(state).setRun(1).setUnixMs(unixMs).build();
    }
}
