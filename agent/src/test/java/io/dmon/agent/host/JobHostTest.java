package io.dmon.agent.host;

import static io.dmon.agent.host.HostFixture.alive;
import static io.dmon.agent.host.HostFixture.await;
import static io.dmon.agent.host.HostFixture.job;
import static io.dmon.agent.host.HostFixture.sleeper;
import static io.dmon.agent.host.HostFixture.stopped;
import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.agent.process.Signals;
import io.dmon.agent.spool.Spool;
import io.dmon.agent.supervise.JobEvent;
import io.dmon.agent.supervise.JobState;
import io.dmon.proto.v1.Assignment;
import io.dmon.proto.v1.Job;
import io.dmon.proto.v1.JobChange;
import io.dmon.spec.JobSpec;
import io.dmon.spec.UserSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host against real processes: reconcile, restart by generation, -1, signals, remote -L, output to the spool. */
class JobHostTest {
    @TempDir
    Path dir;

    @Test
    void reconcileStartsStopsRestartsAndForgets() throws Exception {
        try (HostFixture f = new HostFixture(dir)) {
            f.reconcile(List.of(sleeper("a", 1), sleeper("b", 1)));
            await("a and b running", () -> f.pids("a").size() == 1 && f.pids("b").size() == 1);
            int a1 = f.pids("a").get(0);
            int b1 = f.pids("b").get(0);
            await("a reported running", () -> f.report("a").snapshot().state() == JobState.RUNNING);
            assertThat(f.report("a").snapshot().pid()).isEqualTo(a1);
            assertThat(f.report("a").snapshot().startTime()).isEqualTo(HostFixture.stat(a1).orElseThrow().startTime());

            f.reconcile(List.of(sleeper("a", 1), sleeper("b", 1)));
            assertThat(f.pids("a")).as("an unchanged assignment leaves the jobs alone").hasSize(1);

            f.reconcile(List.of(sleeper("a", 2), stopped(sleeper("b", 1))));
            await("a restarted", () -> f.pids("a").size() == 2);
            await("old a and b gone", () -> !alive(a1) && !alive(b1));
            int a2 = f.pids("a").get(1);
            assertThat(alive(a2)).isTrue();
            await("b reported stopped", () -> f.report("b").snapshot().state() == JobState.STOPPED);
            await("a reported in generation 2", () -> f.report("a").generation() == 2
                    && f.report("a").snapshot().state() == JobState.RUNNING);
            assertThat(f.report("a").snapshot().run()).as("runs count over the job's life on the host").isEqualTo(2);
            await("the event", () -> f.events.stream().anyMatch(e -> e.jobId().equals("a@test") && e.event().kind() == JobEvent.Kind.STOP
                    && e.cause().equals("restart")));

            f.reconcile(List.of(sleeper("b", 1)));
            await("a gone", () -> !alive(a2));
            assertThat(f.host.jobs()).extracting(DesiredJob::id).containsExactly("b@test");
            await("a forgotten", () -> {
                try {
                    return !f.state.readRecords().containsKey("a@test");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            f.host.flushAssignment();
            assertThat(f.state.readAssignment(Assignment::parseFrom).orElseThrow().getJobsList()).extracting(Job::getId)
                    .containsExactly("b@test");

            f.apply(JobChange.newBuilder().setJob(sleeper("b", 1)).build());
            await("b running again", () -> f.pids("b").size() == 2);
        }
    }

    @Test
    void aCompletedOnceJobIsNotRunAgainUntilItsGenerationGoesUpEvenAfterARestart() throws Exception {
        Job once = job("once", 1, JobSpec.builder().command("sh", "-c", "echo ran >> \"$OUT/once.out\"").once(true).build());
        try (HostFixture f = new HostFixture(dir)) {
            f.reconcile(List.of(once));
            await("completed", () -> f.report("once") != null && f.report("once").snapshot().state() == JobState.COMPLETED);
            f.reconcile(List.of(once));
            f.apply(JobChange.newBuilder().setJob(once).build());
        }
        assertThat(HostFixture.lines(dir.resolve("once.out"))).hasSize(1);
        try (HostFixture f = new HostFixture(dir)) {
            f.reconcile(List.of(once));
            await("reported completed", () -> f.report("once").snapshot().state() == JobState.COMPLETED);
            assertThat(HostFixture.lines(dir.resolve("once.out"))).as("not re-run after a restart").hasSize(1);
            f.reconcile(List.of(once.toBuilder().setGeneration(2).build()));
            await("run for generation 2", () -> HostFixture.lines(dir.resolve("once.out")).size() == 2);
            await("completed again", () -> f.report("once").generation() == 2
                    && f.report("once").snapshot().state() == JobState.COMPLETED);
            assertThat(f.report("once").snapshot().run()).isEqualTo(2);
        }
    }

    @Test
    void anOperatorSignalReachesTheCommandWithoutDashS() throws Exception {
        Job trap = job("trap", 1, JobSpec.builder().command("sh", "-c",
                "trap 'echo got >> \"$OUT/trap.out\"' USR1; echo $$ >> \"$OUT/trap.pids\"; while :; do sleep 0.05; done")
                .build());
        try (HostFixture f = new HostFixture(dir)) {
            assertThat(f.host.signal("trap@test", Signals.USR1)).as("no such job yet").isFalse();
            f.reconcile(List.of(trap));
            await("running", () -> f.pids("trap").size() == 1);
            assertThat(f.host.signal("trap@test", Signals.USR1)).isTrue();
            await("the trap ran", () -> HostFixture.lines(dir.resolve("trap.out")).contains("got"));
            await("the event", () -> f.events.stream().anyMatch(e -> e.event().kind() == JobEvent.Kind.SIGNAL && e.event().value() == Signals.USR1));
            assertThat(f.pids("trap")).as("signalled, not restarted").hasSize(1);
        }
    }

    @Test
    void remoteLoadLimitPausesTheWholeGroupFromTheAgentsLoadFile() throws Exception {
        Job busy = job("busy", 1, JobSpec.builder().command("sh", "-c",
                "echo $$ >> \"$OUT/busy.pids\"; sleep 60 & wait").loadHigh(4).build());
        try (HostFixture f = new HostFixture(dir)) {
            f.reconcile(List.of(busy));
            await("running", () -> f.pids("busy").size() == 1);
            int pid = f.pids("busy").get(0);
            f.load("8.00");
            await("paused", () -> f.report("busy").snapshot().state() == JobState.PAUSED);
            await("group stopped", () -> HostFixture.stat(pid).orElseThrow().stopped());
            await("the event", () -> f.events.stream().anyMatch(e -> e.event().kind() == JobEvent.Kind.PAUSE && e.cause().equals("load")));
            f.load("1.00");
            await("resumed", () -> f.report("busy").snapshot().state() == JobState.RUNNING
                    && !HostFixture.stat(pid).orElseThrow().stopped());
        }
    }

    @Test
    void outputGoesToTheSpoolWithRunsAndSeqsAcrossRuns() throws Exception {
        Job talk = job("talk", 1, JobSpec.builder().command("sh", "-c", "echo one; echo two").maxRespawns(1).build());
        try (HostFixture f = new HostFixture(dir)) {
            f.reconcile(List.of(talk));
            await("ended after its respawn", () -> f.report("talk").snapshot().state() == JobState.COMPLETED);
            Spool spool = f.spools.spool("talk@test");
            await("four lines", () -> spool.nextSeq() == 5);
            var lines = spool.read(1, 100, 1 << 20);
            assertThat(lines).extracting(l -> new String(l.text(), StandardCharsets.UTF_8))
                    .containsExactly("one", "two", "one", "two");
            assertThat(lines).extracting(l -> l.run()).containsExactly(1, 1, 2, 2);
        }
    }

    @Test
    void aJobThatCannotStartIsFailedWithItsReasonAndTheDefaultWorkDirIsTheStateDirs() throws Exception {
        Job lost = job("lost", 1, JobSpec.builder().command("true").workDir("no/such/dir").build());
        Job nobody = job("nobody", 1, JobSpec.builder().command("true").cmdUser(new UserSpec("no-such-user-dmon", List.of())).build());
        Job here = job("here", 1, JobSpec.builder().command("sh", "-c", "pwd > where").once(true).build());
        try (HostFixture f = new HostFixture(dir)) {
            f.reconcile(List.of(lost, nobody, here));
            await("lost failed", () -> f.report("lost").snapshot().state() == JobState.FAILED);
            await("nobody failed", () -> f.report("nobody").snapshot().state() == JobState.FAILED);
            await("the event", () -> f.events.stream().anyMatch(e -> e.jobId().equals("lost@test")
                    && e.cause().equals("cannot use 'no/such/dir' as work directory: No such file or directory")));
            assertThat(f.messages).anyMatch(m -> m.startsWith("job nobody@test: cannot start: ") && m.contains("no-such-user-dmon"));
            await("here completed", () -> f.report("here").snapshot().state() == JobState.COMPLETED);
            Path home = f.state.jobDir("here@test");
            assertThat(Files.readString(home.resolve("where")).strip()).isEqualTo(home.toRealPath().toString());
        }
    }

    @Test
    void aJobWhoseSpecCannotBeReadFailsWithTheReasonEachGenerationAndIsKeptAsSent() throws Exception {
        Job odd = sleeper("odd", 1).toBuilder().setSpec(io.dmon.proto.v1.JobSpec.newBuilder().addCommand("true")
                .setOnce(true).setIntervalSeconds(5)).build();
        try (HostFixture f = new HostFixture(dir)) {
            f.reconcile(List.of(odd));
            await("failed", () -> f.report("odd") != null && f.report("odd").snapshot().state() == JobState.FAILED);
            assertThat(f.report("odd").refusal()).as("failed, not refused").isEmpty();
            await("the event", () -> f.events.stream().anyMatch(e -> e.jobId().equals("odd@test")
                    && e.event().state() == JobState.FAILED && e.cause().equals("bad job spec: interval with once")));
            assertThat(f.messages).contains("job odd@test: cannot start: bad job spec: interval with once");
            assertThat(f.host.jobs()).singleElement().satisfies(d -> {
                assertThat(d.unreadable()).isEqualTo("interval with once");
                assertThat(io.dmon.agent.link.AssignmentMapper.wire(d)).isEqualTo(odd);
            });
            f.host.flushAssignment();
            assertThat(f.state.readAssignment(Assignment::parseFrom).orElseThrow().getJobsList()).containsExactly(odd);

            f.reconcile(List.of(odd.toBuilder().setGeneration(2).build()));
            await("failed again in generation 2", () -> f.report("odd").generation() == 2
                    && f.report("odd").snapshot().state() == JobState.FAILED
                    && f.events.stream().filter(e -> e.jobId().equals("odd@test")
                            && e.cause().startsWith("bad job spec: ")).count() == 2);
        }
    }
}
