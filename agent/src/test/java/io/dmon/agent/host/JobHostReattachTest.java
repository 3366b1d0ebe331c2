package io.dmon.agent.host;

import static io.dmon.agent.host.HostFixture.await;
import static io.dmon.agent.host.HostFixture.job;
import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.agent.process.ExitStatus;
import io.dmon.agent.process.ProcStat;
import io.dmon.agent.spool.SpooledLine;
import io.dmon.agent.supervise.JobEvent;
import io.dmon.agent.supervise.JobState;
import io.dmon.proto.v1.Job;
import io.dmon.spec.JobSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host that goes away leaving its jobs running under their monitors, and the next one on the
 * same state directory taking them over: same process, run, restarts and start; every line in
 * the spool once; what ended meanwhile reported with its status; a killed monitor's job lost and
 * started again, never twice.
 */
class JobHostReattachTest {
    @TempDir
    Path dir;

    /** Prints a counter every 50 ms, its pid first to $OUT/NAME.pids. */
    private static Job counter(String name) {
        return job(name, 1, JobSpec.builder().command("sh", "-c", "echo $$ >> \"$OUT/" + name + ".pids\"; i=0;"
                + " while :; do i=$((i+1)); echo line $i; sleep 0.05; done").build());
    }

    private static List<String> texts(HostFixture f, String jobId) {
        try {
            return spooled(f, jobId);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> spooled(HostFixture f, String jobId) throws java.io.IOException {
        List<String> out = new ArrayList<>();
        long next = 1;
        for (;;) {
            List<SpooledLine> lines = f.spools.spool(jobId).readRange(next, 1000, 1 << 20);
            if (lines.isEmpty()) {
                return out;
            }
            for (SpooledLine l : lines) {
                assertThat(l.seq()).as("spool seqs without gaps").isEqualTo(next);
                out.add(new String(l.text(), StandardCharsets.UTF_8));
                next++;
            }
        }
    }

    /** The counter's lines are "line 1", "line 2", ... once each, in order, with no gap. */
    private static void assertContiguous(List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            assertThat(lines.get(i)).as("line %d of %d", i + 1, lines.size()).isEqualTo("line " + (i + 1));
        }
    }

    /** As await, the host's messages, events and reports in the failure. */
    private static void awaitOn(HostFixture f, String what, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        try {
            await(what, condition);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nmessages: " + f.messages + "\nevents: " + f.events
                    + "\nreports: " + f.latest, e);
        }
    }

    private static boolean alive(int pid) {
        return ProcStat.read(pid).filter(p -> p.state() != 'Z').isPresent();
    }

    @Test
    void aDetachedJobIsTakenOverWithItsProcessRunRestartsAndEveryLineOnce() throws Exception {
        int pid;
        long startedAt;
        HostFixture first = new HostFixture(dir);
        try {
            first.reconcile(List.of(counter("c")));
            await("running", () -> first.report("c") != null && first.report("c").snapshot().state() == JobState.RUNNING);
            pid = first.report("c").snapshot().pid();
            startedAt = first.report("c").snapshot().runStartedAtMs();
            await("some lines spooled", () -> first.spools.spool("c@test").nextSeq() > 5);
        } finally {
            first.detach();
        }
        assertThat(alive(pid)).as("the job runs on without a host").isTrue();
        // Lines go on into the monitor's store meanwhile.
        Thread.sleep(500);
        try (HostFixture second = new HostFixture(dir)) {
            second.reconcile(List.of(counter("c")));
            await("taken over", () -> second.report("c") != null
                    && second.report("c").snapshot().state() == JobState.RUNNING);
            assertThat(second.report("c").snapshot().pid()).as("the same process").isEqualTo(pid);
            assertThat(second.report("c").snapshot().run()).isEqualTo(1);
            assertThat(second.report("c").snapshot().restarts()).isZero();
            assertThat(second.report("c").snapshot().runStartedAtMs()).as("uptime kept").isEqualTo(startedAt);
            assertThat(second.pids("c")).as("not started again").hasSize(1);
            assertThat(second.events).anyMatch(e -> e.event().kind() == JobEvent.Kind.STATE
                    && e.event().pid() == pid && e.cause().startsWith("re-attached"));
            long now = second.spools.spool("c@test").nextSeq();
            await("lines written while away and after are spooled", () -> second.spools.spool("c@test").nextSeq() > now + 5);
            assertContiguous(texts(second, "c@test"));
        }
        assertThat(alive(pid)).as("a host that closes stops its jobs").isFalse();
    }

    @Test
    void aLogCommandGetsEveryLineAcrossTheHostsGoingAwayAndItsOwnRestart() throws Exception {
        Job logged = job("lg", 1, JobSpec.builder().command("sh", "-c", "i=0; while :; do i=$((i+1)); echo line $i;"
                + " echo err $i >&2; sleep 0.02; done").logCommand(List.of("sh", "-c", "exec cat >> \"$OUT/lg.log\""))
                .build());
        Path file = dir.resolve("lg.log");
        HostFixture first = new HostFixture(dir);
        try {
            first.reconcile(List.of(logged));
            await("lines logged", () -> HostFixture.lines(file).size() > 10);
        } finally {
            first.detach();
        }
        int atDetach = HostFixture.lines(file).size();
        Thread.sleep(500);
        try (HostFixture second = new HostFixture(dir)) {
            second.reconcile(List.of(logged));
            await("the lines of the gap and after logged", () -> HostFixture.lines(file).size() > atDetach + 30);
            assertThat(second.events).anyMatch(e -> e.event().role() == JobEvent.Role.LOG
                    && e.event().kind() == JobEvent.Kind.START);
            List<SpooledLine> spooled = second.spools.spool("lg@test").readRange(1, 100, 1 << 20);
            assertThat(spooled).filteredOn(SpooledLine::stderr).isNotEmpty()
                    .allMatch(l -> new String(l.text(), StandardCharsets.UTF_8).startsWith("err "));
            assertThat(spooled).filteredOn(l -> !l.stderr()).isNotEmpty()
                    .allMatch(l -> new String(l.text(), StandardCharsets.UTF_8).startsWith("line "));
        }
        List<String> lines = HostFixture.lines(file);
        int last = 0;
        for (String line : lines) {
            assertThat(line).as("stdout only reaches the log command").startsWith("line ");
            int n = Integer.parseInt(line.substring(5));
            assertThat(n).as("in order, no line missing (a repeat only where a host went)").isBetween(1, last + 1);
            last = Math.max(last, n);
        }
        assertThat(last).isGreaterThan(atDetach + 30);
    }

    @Test
    void anInProcessLogToolWritesEveryLine() throws Exception {
        Path file = dir.resolve("dl.log");
        Job logged = job("dl", 1, JobSpec.builder().command("sh", "-c", "for i in $(seq 1 500); do echo line $i; done")
                .once(true).logCommand(List.of("dlog", file.toString())).build());
        try (HostFixture f = new HostFixture(dir)) {
            f.reconcile(List.of(logged));
            await("completed", () -> f.report("dl") != null && f.report("dl").snapshot().state() == JobState.COMPLETED);
            await("every line written", () -> HostFixture.lines(file).size() == 500);
            assertThat(HostFixture.lines(file).get(499)).isEqualTo("line 500");
            assertThat(f.events).noneMatch(e -> e.event().role() == JobEvent.Role.LOG);
        }
    }

    @Test
    void anExitWhileAwayIsReportedWithItsStatusThenThePolicyRespawns() throws Exception {
        Path go = dir.resolve("go");
        Job quitter = job("q", 1, JobSpec.builder().command("sh", "-c", "echo $$ >> \"$OUT/q.pids\"; echo started;"
                + " while [ ! -e \"$OUT/go\" ]; do sleep 0.05; done; echo leaving; exit 3").build());
        int pid;
        HostFixture first = new HostFixture(dir);
        try {
            first.reconcile(List.of(quitter));
            await("running", () -> first.pids("q").size() == 1
                    && first.report("q").snapshot().state() == JobState.RUNNING);
            pid = first.pids("q").get(0);
        } finally {
            first.detach();
        }
        Files.writeString(go, "");
        await("it exits while no host is there", () -> !alive(pid));
        Files.delete(go);
        try (HostFixture second = new HostFixture(dir)) {
            second.reconcile(List.of(quitter));
            await("the exit reported with its real status", () -> second.events.stream().anyMatch(e ->
                    e.event().kind() == JobEvent.Kind.EXIT && e.event().pid() == pid
                            && e.event().value() == ExitStatus.exited(3).raw()
                            && e.cause().equals("ended while no agent was attached")));
            await("respawned by policy", () -> second.pids("q").size() == 2
                    && second.report("q").snapshot().state() == JobState.RUNNING);
            assertThat(second.report("q").snapshot().run()).isEqualTo(2);
            assertThat(second.report("q").snapshot().restarts()).isEqualTo(1);
            await("its lines once", () -> texts(second, "q@test").equals(List.of("started", "leaving", "started")));
        }
    }

    @Test
    void aMonitorKilledWhileAttachedLosesItsRunWhichStartsAgainOnce() throws Exception {
        try (HostFixture f = new HostFixture(dir)) {
            f.reconcile(List.of(counter("k")));
            await("running", () -> f.pids("k").size() == 1 && f.report("k").snapshot().state() == JobState.RUNNING);
            int pid = f.pids("k").get(0);
            int monitor = ProcStat.read(pid).orElseThrow().ppid();
            assertThat(Files.readString(Path.of("/proc", Integer.toString(monitor), "cmdline"))).contains("dmon-monitor");
            new ProcessBuilder("kill", "-9", Integer.toString(monitor)).start().waitFor();
            await("lost", () -> f.events.stream().anyMatch(e -> e.event().kind() == JobEvent.Kind.LOST
                    && e.event().pid() == pid && e.cause().equals("its monitor is gone")));
            await("started again under a new monitor", () -> f.pids("k").size() == 2
                    && f.report("k").snapshot().state() == JobState.RUNNING);
            assertThat(alive(pid)).as("the lost run died with its monitor").isFalse();
            assertThat(f.monitorDirs.names()).as("one monitor left").hasSize(1);
        }
    }

    @Test
    void aMonitorKilledWhileNoHostIsThereMakesItsJobLostThenRunAgain() throws Exception {
        int pid;
        HostFixture first = new HostFixture(dir);
        try {
            first.reconcile(List.of(counter("m")));
            await("running", () -> first.pids("m").size() == 1 && first.report("m").snapshot().state() == JobState.RUNNING);
            pid = first.pids("m").get(0);
        } finally {
            first.detach();
        }
        int monitor = ProcStat.read(pid).orElseThrow().ppid();
        new ProcessBuilder("kill", "-9", Integer.toString(monitor)).start().waitFor();
        await("the run died with its monitor", () -> !alive(pid));
        try (HostFixture second = new HostFixture(dir)) {
            second.reconcile(List.of(counter("m")));
            await("reported lost", () -> second.events.stream().anyMatch(e -> e.event().kind() == JobEvent.Kind.LOST
                    && e.event().pid() == pid && e.cause().equals("lost with its monitor while no agent was attached")));
            await("run again, once", () -> second.pids("m").size() == 2
                    && second.report("m").snapshot().state() == JobState.RUNNING);
            int now = second.pids("m").get(1);
            await("its lines go on in the spool", () -> texts(second, "m@test").size() > 3);
            List<String> lines = texts(second, "m@test");
            assertThat(lines).startsWith("line 1");
            assertThat(alive(now)).isTrue();
        }
    }

    @Test
    void aDamagedRecordDoesNotLeadToASecondInstance() throws Exception {
        int pid;
        HostFixture first = new HostFixture(dir);
        try {
            first.reconcile(List.of(counter("d")));
            await("running", () -> first.pids("d").size() == 1 && first.report("d").snapshot().state() == JobState.RUNNING);
            pid = first.pids("d").get(0);
        } finally {
            first.detach();
        }
        Path record = dir.resolve("state/runtime/d@test");
        Files.writeString(record, "job=\nthis is not a record\n");
        try (HostFixture second = new HostFixture(dir)) {
            assertThat(second.messages).anyMatch(m -> m.contains("damaged job record, ignored"));
            assertThat(second.messages).anyMatch(m -> m.contains("no job record names this monitor"));
            assertThat(alive(pid)).as("the monitor no record names was ended with its run").isFalse();
            second.reconcile(List.of(counter("d")));
            await("runs anew", () -> second.pids("d").size() == 2 && second.report("d").snapshot().state() == JobState.RUNNING);
            assertThat(second.pids("d").stream().filter(JobHostReattachTest::alive)).as("exactly one instance").hasSize(1);
        }
    }

    @Test
    void aPausedJobIsTakenOverPausedAndStaysStopped() throws Exception {
        Job busy = job("busy", 1, JobSpec.builder().command("sh", "-c",
                "echo $$ >> \"$OUT/busy.pids\"; sleep 60 & wait").build());
        Job paused = busy.toBuilder().setPause(io.dmon.proto.v1.Pause.newBuilder().setId("p1").setSinceUnixMs(1)
                .setBy("operator/alice")).build();
        int pid;
        HostFixture first = new HostFixture(dir);
        try {
            first.reconcile(List.of(busy));
            await("running", () -> first.pids("busy").size() == 1 && HostFixture.groupRunning(first.pids("busy").get(0), 2)
                    && first.report("busy").snapshot().state() == JobState.RUNNING);
            pid = first.pids("busy").get(0);
            first.reconcile(List.of(paused));
            await("paused", () -> first.report("busy").snapshot().state() == JobState.PAUSED
                    && HostFixture.groupStopped(pid, 2));
        } finally {
            first.detach();
        }
        try (HostFixture second = new HostFixture(dir)) {
            second.reconcile(List.of(paused));
            awaitOn(second, "taken over paused", () -> second.report("busy") != null
                    && second.report("busy").snapshot().state() == JobState.PAUSED
                    && second.report("busy").snapshot().pid() == pid);
            assertThat(HostFixture.groupStopped(pid, 2)).as("still stopped").isTrue();
            assertThat(second.events).noneMatch(e -> e.event().kind() == JobEvent.Kind.RESUME);
            second.reconcile(List.of(busy));
            await("resumed", () -> second.report("busy").snapshot().state() == JobState.RUNNING
                    && HostFixture.groupRunning(pid, 2));
            assertThat(second.pids("busy")).hasSize(1);
        }
    }

    @Test
    void aOnceJobRunningWhenItsHostWentAwayIsAdoptedAndCompletesOnce() throws Exception {
        Path go = dir.resolve("go");
        Job once = job("once", 1, JobSpec.builder().command("sh", "-c", "echo ran >> \"$OUT/once.out\";"
                + " while [ ! -e \"$OUT/go\" ]; do sleep 0.05; done").once(true).build());
        HostFixture first = new HostFixture(dir);
        try {
            first.reconcile(List.of(once));
            await("running", () -> HostFixture.lines(dir.resolve("once.out")).size() == 1
                    && first.report("once").snapshot().state() == JobState.RUNNING);
        } finally {
            first.detach();
        }
        try (HostFixture second = new HostFixture(dir)) {
            second.reconcile(List.of(once));
            await("adopted", () -> second.report("once") != null
                    && second.report("once").snapshot().state() == JobState.RUNNING);
            Files.writeString(go, "");
            await("completed", () -> second.report("once").snapshot().state() == JobState.COMPLETED);
            assertThat(HostFixture.lines(dir.resolve("once.out"))).as("ran once").hasSize(1);
        }
    }
}
