package io.dmon.agent.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.agent.process.ExitStatus;
import org.junit.jupiter.api.Test;

class RestartPolicyTest {
    private static final long S = 1_000_000_000L;

    @Test
    void aRunShorterThanASecondWaitsOneSecond() {
        var d = new RestartPolicy(false, -1, 0).decide(ExitStatus.exited(1), S / 2, 0);
        assertThat(d.respawn()).isTrue();
        assertThat(d.delayNanos()).isEqualTo(S);
    }

    @Test
    void aRunLongerThanASecondRespawnsAtOnce() {
        var d = new RestartPolicy(false, -1, 0).decide(ExitStatus.exited(1), 2 * S, 0);
        assertThat(d.respawn()).isTrue();
        assertThat(d.delayNanos()).isZero();
    }

    @Test
    void onceCompletesOnSuccessAndRespawnsOtherwise() {
        var policy = new RestartPolicy(true, -1, 0);
        assertThat(policy.decide(ExitStatus.exited(0), 2 * S, 0).next()).isEqualTo(JobState.COMPLETED);
        assertThat(policy.decide(ExitStatus.exited(3), 2 * S, 0).respawn()).isTrue();
        assertThat(policy.decide(ExitStatus.killed(9), 2 * S, 0).respawn()).isTrue();
    }

    @Test
    void maxRespawnsEndsTheJobWhateverTheStatus() {
        var policy = new RestartPolicy(false, 2, 0);
        assertThat(policy.decide(ExitStatus.exited(1), 2 * S, 0).respawn()).isTrue();
        assertThat(policy.decide(ExitStatus.exited(1), 2 * S, 1).respawn()).isTrue();
        assertThat(policy.decide(ExitStatus.exited(1), 2 * S, 2).next()).isEqualTo(JobState.FAILED);
        assertThat(policy.decide(ExitStatus.exited(0), 2 * S, 2).next()).isEqualTo(JobState.COMPLETED);
        assertThat(new RestartPolicy(false, 0, 0).decide(ExitStatus.exited(0), 2 * S, 0).respawn()).isFalse();
    }

    @Test
    void intervalAppliesOnlyAfterSuccess() {
        var policy = new RestartPolicy(false, -1, 5 * S);
        assertThat(policy.decide(ExitStatus.exited(0), 2 * S, 0).delayNanos()).isEqualTo(5 * S);
        assertThat(policy.decide(ExitStatus.exited(0), S / 10, 0).delayNanos()).isEqualTo(5 * S);
        assertThat(policy.decide(ExitStatus.exited(1), 2 * S, 0).delayNanos()).isZero();
    }

    @Test
    void aLostRunIsAKillExceptThatAOnceJobFailsItsOutcomeBeingUnknown() {
        var respawning = new RestartPolicy(false, -1, 0);
        assertThat(respawning.lost(2 * S, 0).next()).isEqualTo(JobState.EXITED);
        assertThat(respawning.lost(S / 10, 0).delayNanos()).as("throttled like any short run").isEqualTo(S);
        assertThat(new RestartPolicy(false, 1, 0).lost(2 * S, 1).next()).as("respawns spent").isEqualTo(JobState.FAILED);
        assertThat(new RestartPolicy(true, -1, 0).lost(2 * S, 0).next()).isEqualTo(JobState.FAILED);
        assertThat(StatusFileWriter.render(new JobEvent(JobEvent.Role.CMD, JobEvent.Kind.LOST, 42, 0, 1,
                JobState.EXITED, false))).isEqualTo("cmd lost 42\n");
    }

    @Test
    void statusLinesAreDmons() {
        assertThat(StatusFileWriter.render(new JobEvent(JobEvent.Role.CMD, JobEvent.Kind.EXIT, 42, 512, 1,
                JobState.EXITED, false))).isEqualTo("cmd exit 42 512\n");
        assertThat(StatusFileWriter.render(new JobEvent(JobEvent.Role.LOG, JobEvent.Kind.START, 7, 0, 1,
                JobState.RUNNING, false))).isEqualTo("log start 7\n");
        assertThat(StatusFileWriter.render(new JobEvent(JobEvent.Role.CMD, JobEvent.Kind.SIGNAL, 42, 10, 1,
                JobState.RUNNING, false))).isEqualTo("cmd signal 42 10\n");
        assertThat(StatusFileWriter.render(new JobEvent(JobEvent.Role.CMD, JobEvent.Kind.EXIT, 42, 15, 1,
                JobState.STOPPED, true))).as("no exit line after our own stop, like DMon").isNull();
        assertThat(StatusFileWriter.render(new JobEvent(JobEvent.Role.CMD, JobEvent.Kind.STATE, 42, 0, 1,
                JobState.RUNNING, false))).isNull();
    }
}
