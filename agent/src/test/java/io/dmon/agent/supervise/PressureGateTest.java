package io.dmon.agent.supervise;

import static io.dmon.agent.supervise.JobHarness.await;
import static io.dmon.agent.supervise.SupervisorTest.group;
import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.agent.process.ProcStat;
import io.dmon.agent.supervise.JobEvent.Kind;
import io.dmon.spec.JobSpec;
import io.dmon.spec.PressureMark;
import io.dmon.spec.SpecException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -P} against real processes: the pressure comes from files in the kernel's format that
 * the test writes, and the stops and continues are seen in /proc.
 */
class PressureGateTest {
    private static final long S = 1_000_000_000L;

    @TempDir
    Path dir;

    @BeforeEach
    void calm() throws IOException {
        Files.createDirectories(dir.resolve("pressure"));
        write("cpu", "some avg10=0.00 avg60=0.00 avg300=0.00 total=0\n");
        io(1, 0);
        memory(0, 0);
    }

    private void io(double someAvg10, double fullAvg10) throws IOException {
        write("io", String.format(java.util.Locale.ROOT, "some avg10=%.2f avg60=0.00 avg300=0.00 total=1%n"
                + "full avg10=%.2f avg60=0.00 avg300=0.00 total=1%n", someAvg10, fullAvg10));
    }

    private void memory(double someAvg60, double fullAvg10) throws IOException {
        write("memory", String.format(java.util.Locale.ROOT, "some avg10=0.00 avg60=%.2f avg300=0.00 total=1%n"
                + "full avg10=%.2f avg60=0.00 avg300=0.00 total=1%n", someAvg60, fullAvg10));
    }

    private void write(String name, String text) throws IOException {
        Path tmp = dir.resolve("pressure").resolve(name + ".tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, dir.resolve("pressure").resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    private JobHarness start(JobSpec spec) throws Exception {
        return new JobHarness(spec, dir, dir.resolve("loadavg"), S / 2);
    }

    private static JobSpec.Builder job(String script, String... marks) throws SpecException {
        JobSpec.Builder b = JobSpec.builder().command("sh", "-c", script);
        for (String mark : marks) {
            b.putPressure(PressureMark.parse("-P", mark));
        }
        return b;
    }

    @Test
    void pressureOverTheMarkStopsTheWholeGroupAndOnlyTheLowMarkContinuesIt() throws Exception {
        try (var job = start(job("sleep 60 & sleep 60; wait", "io=40").build())) {
            int pid = job.awaitEvent("start", e -> e.kind() == Kind.START).event().pid();
            await("3 processes in the group", Duration.ofSeconds(10), () -> group(pid).size() == 3);

            io(40, 0);
            job.awaitPressureSamples(2);
            assertThat(job.count(Kind.PAUSE)).as("at the high mark: still running").isZero();

            io(55.5, 0);
            job.awaitEvent("pause", e -> e.kind() == Kind.PAUSE);
            await("whole group stopped", Duration.ofSeconds(10), () -> group(pid).stream().allMatch(ProcStat::stopped));
            assertThat(job.supervisor.snapshot().holds()).containsExactly("pressure io.some.avg10");

            io(20.01, 0);
            job.awaitPressureSamples(2);
            assertThat(job.count(Kind.RESUME)).as("between the marks: no resume").isZero();
            assertThat(group(pid)).allMatch(ProcStat::stopped);

            io(20, 0);
            job.awaitEvent("resume", e -> e.kind() == Kind.RESUME);
            await("whole group running", Duration.ofSeconds(10), () -> group(pid).stream().noneMatch(ProcStat::stopped));
            assertThat(job.supervisor.snapshot().holds()).isEmpty();
            assertThat(job.statusLines()).containsSubsequence("cmd start " + pid + "\n", "cmd pause " + pid + "\n",
                    "cmd resume " + pid + "\n");
        }
    }

    @Test
    void eachMarkIsAHoldOfItsOwnAndTheJobRunsOnlyWhenAllAreOpen() throws Exception {
        try (var job = start(job("exec sleep 60", "io:full=10/5", "memory:avg60=30").build())) {
            int pid = job.awaitEvent("start", e -> e.kind() == Kind.START).event().pid();
            io(90, 12);
            job.awaitEvent("pause", e -> e.kind() == Kind.PAUSE);
            assertThat(job.supervisor.snapshot().holds()).as("some is not watched, full is")
                    .containsExactly("pressure io.full.avg10");
            memory(31, 0);
            job.awaitEvent("a second hold", e -> e.kind() == Kind.HOLD);
            assertThat(job.supervisor.snapshot().holds())
                    .containsExactly("pressure io.full.avg10", "pressure memory.some.avg60");

            io(0, 0);
            await("the io hold gone", Duration.ofSeconds(10),
                    () -> job.supervisor.snapshot().holds().equals(java.util.Set.of("pressure memory.some.avg60")));
            assertThat(ProcStat.read(pid).orElseThrow().stopped()).as("memory still holds it").isTrue();
            memory(15, 0);
            job.awaitEvent("resume", e -> e.kind() == Kind.RESUME);
            await("running", Duration.ofSeconds(10), () -> !ProcStat.read(pid).orElseThrow().stopped());
        }
    }

    @Test
    void aRunDueWhileThePressureIsHighWaitsAndAnUnreadableFileLeavesTheGateAsItWas() throws Exception {
        io(80, 0);
        try (var job = start(job("exec sleep 60", "io=40").build())) {
            job.awaitPressureSamples(2);
            assertThat(job.count(Kind.START)).as("nothing starts while the gate is closed").isZero();
            assertThat(job.supervisor.state()).isEqualTo(JobState.PAUSED);

            Files.delete(dir.resolve("pressure").resolve("io"));
            job.awaitPressureSamples(2);
            assertThat(job.count(Kind.START)).as("no reading is no reason to start").isZero();

            io(10, 0);
            int pid = job.awaitEvent("start", e -> e.kind() == Kind.START).event().pid();
            io(80, 0);
            job.awaitEvent("pause", e -> e.kind() == Kind.PAUSE);
            write("io", "garbage\n");
            job.awaitPressureSamples(2);
            assertThat(job.count(Kind.RESUME)).isZero();
            assertThat(ProcStat.read(pid).orElseThrow().stopped()).isTrue();
        }
    }

    @Test
    void aCpuFileWithoutAFullLineServesTheSomeLine() throws Exception {
        // Kernels before 5.13 write only "some" for cpu; calm() wrote such a file.
        try (var job = start(job("exec sleep 60", "cpu:avg300=50").build())) {
            int pid = job.awaitEvent("start", e -> e.kind() == Kind.START).event().pid();
            write("cpu", "some avg10=0.00 avg60=0.00 avg300=75.00 total=9\n");
            job.awaitEvent("pause", e -> e.kind() == Kind.PAUSE);
            await("stopped", Duration.ofSeconds(10), () -> ProcStat.read(pid).orElseThrow().stopped());
        }
    }
}
