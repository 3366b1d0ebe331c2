package io.dmon.agent.supervise;

import static io.dmon.agent.supervise.JobHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.agent.process.ProcStat;
import io.dmon.agent.process.Signals;
import io.dmon.agent.supervise.JobEvent.Kind;
import io.dmon.spec.JobSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The supervision rules against real processes; the load comes from a file the test writes. */
class SupervisorTest {
    private static final long S = 1_000_000_000L;

    @TempDir
    Path dir;

    private JobSpec.Builder sh(String script) {
        return JobSpec.builder().command("sh", "-c", script);
    }

    private JobHarness start(JobSpec spec) throws Exception {
        return new JobHarness(spec, dir, dir.resolve("loadavg"), S / 2);
    }

    private void load(String value) throws IOException {
        Path tmp = dir.resolve("loadavg.tmp");
        Files.writeString(tmp, value + " 0.00 0.00 1/1 1\n");
        Files.move(tmp, dir.resolve("loadavg"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void onceCompletesOnSuccessWithDmonsStatusLines() throws Exception {
        var job = start(sh("exit 0").once(true).build());
        assertThat(job.awaitExit()).isZero();
        int pid = job.cmdEvents().get(0).pid();
        assertThat(job.statusLines()).containsExactly("cmd start " + pid + "\n", "cmd exit " + pid + " 0\n");
        assertThat(job.supervisor.state()).isEqualTo(JobState.COMPLETED);
    }

    @Test
    void maxRespawnsEndsTheJobWithTheLastStatusAndThrottlesFastDeaths() throws Exception {
        var job = start(sh("exit 2").maxRespawns(2).build());
        assertThat(job.awaitExit()).isEqualTo(2);
        assertThat(job.count(Kind.START)).isEqualTo(3);
        assertThat(job.cmdEvents()).filteredOn(e -> e.kind() == Kind.EXIT).extracting(JobEvent::value)
                .containsExactly(512, 512, 512);
        assertThat(job.supervisor.state()).isEqualTo(JobState.FAILED);
        // Each event carries the state it leads to, and no STATE event repeats a move it made.
        assertThat(job.events.stream().map(JobHarness.Seen::event)
                .filter(e -> e.role() == JobEvent.Role.CMD && e.kind() != Kind.STATE)
                .map(e -> e.kind() + " " + e.state()).toList()).containsExactly(
                "START RUNNING", "EXIT EXITED", "START RUNNING", "EXIT EXITED", "START RUNNING", "EXIT FAILED");
        assertThat(job.events.stream().map(JobHarness.Seen::event).filter(e -> e.kind() == Kind.STATE)
                .map(JobEvent::state)).as("no STATE after START or EXIT").doesNotContain(JobState.RUNNING,
                JobState.EXITED, JobState.FAILED);
        List<Long> starts = job.events.stream().filter(s -> s.event().kind() == Kind.START).map(JobHarness.Seen::nanos)
                .toList();
        for (int i = 1; i < starts.size(); i++) {
            assertThat(starts.get(i) - starts.get(i - 1)).as("a run under 1 s waits 1 s").isGreaterThan(S * 95 / 100);
        }
    }

    @Test
    void timeoutTerminatesRespawnsAndCountsAgainstMaxRespawns() throws Exception {
        var job = start(JobSpec.builder().command("sleep", "30").timeoutSeconds(1).maxRespawns(1).build());
        assertThat(job.awaitExit()).as("killed by TERM: status 1").isEqualTo(1);
        assertThat(job.cmdEvents()).extracting(JobEvent::kind)
                .containsExactly(Kind.START, Kind.TIMEOUT, Kind.EXIT, Kind.START, Kind.TIMEOUT, Kind.EXIT);
        assertThat(job.cmdEvents()).filteredOn(e -> e.kind() == Kind.EXIT).extracting(JobEvent::value)
                .containsOnly(Signals.TERM);
    }

    @Test
    void loadPausesTheWholeGroupAndResumesOnlyAtTheLowMark() throws Exception {
        load("0.50");
        try (var job = start(sh("sleep 60 & sleep 60; wait").loadHigh(4).build())) {
            int pid = job.awaitEvent("start", e -> e.kind() == Kind.START).event().pid();
            await("3 processes in the group", Duration.ofSeconds(10), () -> group(pid).size() == 3);

            load("9.00");
            job.awaitEvent("pause", e -> e.kind() == Kind.PAUSE);
            await("whole group stopped", Duration.ofSeconds(10), () -> group(pid).stream().allMatch(ProcStat::stopped));
            assertThat(job.supervisor.state()).isEqualTo(JobState.PAUSED);

            load("3.00");
            job.awaitLoadSamples(2);
            assertThat(job.count(Kind.RESUME)).as("between the marks: no resume").isZero();
            assertThat(group(pid)).allMatch(ProcStat::stopped);

            load("2.00");
            job.awaitEvent("resume", e -> e.kind() == Kind.RESUME);
            await("whole group running", Duration.ofSeconds(10), () -> group(pid).stream().noneMatch(ProcStat::stopped));
            assertThat(job.statusLines()).containsSubsequence("cmd start " + pid + "\n", "cmd pause " + pid + "\n",
                    "cmd resume " + pid + "\n");
        }
    }

    @Test
    void aRunDueWhileTheLoadIsHighWaitsAndAPausedJobStaysPausedAcrossARespawn() throws Exception {
        load("9.00");
        try (var job = start(JobSpec.builder().command("sleep", "60").loadHigh(4).build())) {
            job.awaitLoadSamples(2);
            assertThat(job.count(Kind.START)).as("nothing starts while the gate is closed").isZero();
            assertThat(job.supervisor.state()).isEqualTo(JobState.PAUSED);

            load("0.10");
            int first = job.awaitEvent("start", e -> e.kind() == Kind.START).event().pid();
            load("9.00");
            job.awaitEvent("pause", e -> e.kind() == Kind.PAUSE);

            // The paused run dies (killed from outside): DMon would start the next one unpaused.
            assertThat(new ProcessBuilder("kill", "-KILL", Integer.toString(first)).start().waitFor()).isZero();
            job.awaitEvent("exit", e -> e.kind() == Kind.EXIT);
            job.awaitLoadSamples(3);
            assertThat(job.count(Kind.START)).as("the respawn waits for the load to drop").isEqualTo(1);
            assertThat(job.supervisor.state()).isEqualTo(JobState.PAUSED);

            load("0.10");
            await("second start", Duration.ofSeconds(10), () -> job.count(Kind.START) == 2);
        }
    }

    @Test
    void timeoutDoesNotCountTimeSpentPaused() throws Exception {
        load("0.10");
        try (var job = start(JobSpec.builder().command("sleep", "60").timeoutSeconds(2).loadHigh(4).build())) {
            long started = job.awaitEvent("start", e -> e.kind() == Kind.START).nanos();
            load("9.00");
            long paused = job.awaitEvent("pause", e -> e.kind() == Kind.PAUSE).nanos();
            job.awaitLoadSamples(3);
            load("0.10");
            long resumed = job.awaitEvent("resume", e -> e.kind() == Kind.RESUME).nanos();
            long timedOut = job.awaitEvent("timeout", e -> e.kind() == Kind.TIMEOUT).nanos();
            assertThat(timedOut - started).isGreaterThanOrEqualTo(2 * S + (resumed - paused) - S / 5);
        }
    }

    @Test
    void stopTerminatesTheWholeGroupAndLeavesNoOrphans() throws Exception {
        var job = start(sh("sleep 100 & sleep 100").build());
        int pid = job.awaitEvent("start", e -> e.kind() == Kind.START).event().pid();
        await("2 or more processes in the group", Duration.ofSeconds(10), () -> group(pid).size() >= 2);
        job.supervisor.signalReceived(Signals.TERM);
        assertThat(job.awaitExit()).as("as DMon: no run ended before the stop").isZero();
        assertThat(job.statusLines()).containsExactly("cmd start " + pid + "\n", "cmd stop " + pid + "\n");
        await("no process left in the group", Duration.ofSeconds(10), () -> group(pid).isEmpty());
        assertThat(job.supervisor.state()).isEqualTo(JobState.STOPPED);
    }

    @Test
    void aCommandThatIgnoresTermIsKilledAfterTheGracePeriod() throws Exception {
        var job = start(sh("trap '' TERM; touch trapped; while :; do sleep 0.2; done").build());
        int pid = job.awaitEvent("start", e -> e.kind() == Kind.START).event().pid();
        // A TERM sent before the shell set its trap would end it at once (exit by signal 15).
        await("TERM ignored", Duration.ofSeconds(10), () -> Files.exists(dir.resolve("trapped")));
        job.supervisor.requestStop();
        assertThat(job.awaitExit()).as("the stopped run's KILL does not count").isZero();
        assertThat(job.cmdEvents()).filteredOn(e -> e.kind() == Kind.EXIT).extracting(JobEvent::value)
                .containsExactly(Signals.KILL);
        await("no process left", Duration.ofSeconds(10), () -> group(pid).isEmpty());
    }

    @Test
    void theLogCommandIsRespawnedAndNoLineIsLost() throws Exception {
        String producer = "i=0; while [ $i -lt 300 ]; do i=$((i+1)); echo line $i; done; sleep 60";
        String consumer = "n=0; while IFS= read -r l; do echo \"$l\" >> out; n=$((n+1)); [ $n -ge 100 ] && exit 0; done";
        try (var job = start(sh(producer).logCommand("sh", "-c", consumer).build())) {
            Path out = dir.resolve("out");
            await("300 lines through three log commands", Duration.ofSeconds(20), () -> lines(out).size() == 300);
            assertThat(lines(out)).isEqualTo(expected(300));
            assertThat(job.events).filteredOn(s -> s.event().role() == JobEvent.Role.LOG
                    && s.event().kind() == Kind.START).hasSize(3);
        }
    }

    @Test
    void atTheEndTheLogCommandGetsEveryLineStillInThePipe() throws Exception {
        String producer = "i=0; while [ $i -lt 300 ]; do i=$((i+1)); echo line $i; done";
        String consumer = "n=0; while IFS= read -r l; do echo \"$l\" >> out; n=$((n+1)); [ $n -ge 100 ] && exit 0; done";
        var job = start(sh(producer).once(true).logCommand("sh", "-c", consumer).build());
        assertThat(job.awaitExit()).isZero();
        assertThat(lines(dir.resolve("out"))).isEqualTo(expected(300));
    }

    @Test
    void forwardsSignalsWithDashS() throws Exception {
        String script = "trap 'echo got-usr1 >> sigs' USR1; while :; do sleep 0.1; done";
        try (var job = start(sh(script).cmdSigs(true).build())) {
            int pid = job.awaitEvent("start", e -> e.kind() == Kind.START).event().pid();
            await("trap installed", Duration.ofSeconds(10), () -> group(pid).size() >= 1);
            Thread.sleep(0); // the trap is set before the loop's first sleep; retry the signal until seen
            await("USR1 seen by the command", Duration.ofSeconds(10), () -> {
                if (!lines(dir.resolve("sigs")).isEmpty()) {
                    return true;
                }
                job.supervisor.signalReceived(Signals.USR1);
                sleepQuietly(200);
                return false;
            });
            assertThat(job.statusLines()).contains("cmd signal " + pid + " " + Signals.USR1 + "\n");
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static List<String> expected(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> "line " + i).toList();
    }

    static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The live (non-zombie) members of process group {@code pgid}. */
    static List<ProcStat> group(int pgid) {
        try (var dirs = Files.list(Path.of("/proc"))) {
            return dirs.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
                    .map(n -> ProcStat.read(Integer.parseInt(n))).flatMap(java.util.Optional::stream)
                    .filter(s -> s.pgrp() == pgid && s.state() != 'Z' && s.state() != 'X').toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void holdsSetBeforeTheRunKeepTheJobFromStartingUntilReleased() throws Exception {
        Path ran = dir.resolve("ran");
        try (var job = new JobHarness(JobSpec.builder().command("sh", "-c",
                "echo yes >> \"$0\"; exec sleep 60", ran.toString()).build(), dir, null, S / 2, "manual", "gate db")) {
            job.awaitEvent("held instead of started", e -> e.state() == JobState.PAUSED);
            assertThat(job.count(Kind.START)).isZero();
            assertThat(job.supervisor.snapshot().holds()).containsExactly("gate db", "manual");
            job.supervisor.setHold("gate db", false);
            job.awaitEvent("the reasons changed", e -> e.kind() == Kind.HOLD);
            assertThat(job.supervisor.snapshot().holds()).containsExactly("manual");
            assertThat(job.count(Kind.START)).isZero();
            job.supervisor.setHold("manual", false);
            job.awaitEvent("started once released", e -> e.kind() == Kind.START);
            await("it ran", Duration.ofSeconds(20), () -> Files.exists(ran));
            assertThat(job.supervisor.state()).isEqualTo(JobState.RUNNING);
        }
    }
}
