package io.dmon.agent.tools;

import static io.dmon.agent.tools.ProgramRun.await;
import static io.dmon.agent.tools.ProgramRun.read;
import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.agent.process.ProcStat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dmon -P} end to end: a dmon JVM reading the pressure files this test writes
 * ({@code DMON_PRESSURE_DIR}), its command stopped and continued as /proc shows; and a host
 * that cannot give the pressure said at start, in one line, with status 2.
 */
class DmonPressureIT {
    @TempDir
    Path dir;

    private void io(double someAvg10) throws Exception {
        Path pressure = Files.createDirectories(dir.resolve("pressure"));
        Path tmp = pressure.resolve("io.tmp");
        Files.writeString(tmp, String.format(java.util.Locale.ROOT,
                "some avg10=%.2f avg60=0.00 avg300=0.00 total=1%nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0%n",
                someAvg10));
        Files.move(tmp, pressure.resolve("io"), StandardCopyOption.ATOMIC_MOVE);
    }

    private Map<String, String> env() {
        return Map.of("DMON_PRESSURE_DIR", dir.resolve("pressure").toString());
    }

    @Test
    void thePressureCrossingItsMarksStopsAndContinuesTheCommand() throws Exception {
        io(5);
        Process dmon = ProgramRun.builder(DmonMain.class, List.of("-n", "-I", "status", "-P", "io=40", "sleep", "100"),
                dir, env()).start();
        try {
            await("cmd start", Duration.ofSeconds(20), () -> read(dir.resolve("status")).startsWith("cmd start "));
            int cmd = Integer.parseInt(read(dir.resolve("status")).lines().findFirst().orElseThrow().split(" ")[2]);
            assertThat(stopped(cmd)).isFalse();

            io(60);
            await("stopped (T in /proc)", Duration.ofSeconds(20), () -> stopped(cmd));
            await("cmd pause", Duration.ofSeconds(20), () -> read(dir.resolve("status")).contains("cmd pause " + cmd));

            // Between the marks nothing changes: PressureGateTest counts the samples that show it.
            io(19.5);
            await("running again", Duration.ofSeconds(20), () -> !stopped(cmd));
            assertThat(read(dir.resolve("status"))).isEqualTo("cmd start " + cmd + "\ncmd pause " + cmd
                    + "\ncmd resume " + cmd + "\n");
        } finally {
            ProgramRun.kill("TERM", dmon.pid());
            assertThat(dmon.waitFor(20, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void withoutPressureStallInformationDmonSaysSoAtStartAndExitsTwo() throws Exception {
        Path none = dir.resolve("no-such-dir");
        var r = ProgramRun.run(DmonMain.class, List.of("-P", "io=40", "-P", "memory:full=10/2", "true"), dir,
                Map.of("DMON_PRESSURE_DIR", none.toString()));
        assertThat(r.exit()).as("before daemonizing, so the caller sees it").isEqualTo(2);
        assertThat(r.stderr()).isEqualTo("dmon: -P io=40/20 -P memory:full=10/2: DMON_PRESSURE_DIR names " + none
                + ", which is not a directory\n");

        Files.createDirectories(dir.resolve("pressure"));
        var empty = ProgramRun.run(DmonMain.class, List.of("-n", "-P", "io=40", "true"), dir, env());
        assertThat(empty.exit()).isEqualTo(2);
        assertThat(empty.stderr()).isEqualTo("dmon: -P io=40/20: cannot read " + dir.resolve("pressure/io")
                + ": No such file or directory\n");

        Files.writeString(dir.resolve("pressure/cpu"), "some avg10=0.00 avg60=0.00 avg300=0.00 total=0\n");
        var noFull = ProgramRun.run(DmonMain.class, List.of("-n", "-P", "cpu:full=40", "true"), dir, env());
        assertThat(noFull.exit()).isEqualTo(2);
        assertThat(noFull.stderr()).isEqualTo("dmon: -P cpu:full=40/20: " + dir.resolve("pressure/cpu")
                + " has no full line (kernels write it from Linux 5.13 on)\n");

        var some = ProgramRun.run(DmonMain.class, List.of("-n", "-1", "-P", "cpu=40", "true"), dir, env());
        assertThat(some.exit()).as("cpu's some line is there").isZero();
        assertThat(some.stderr()).isEmpty();
    }

    @Test
    void badMarksAreBadInputWithStatusOne() throws Exception {
        var r = ProgramRun.run(DmonMain.class, List.of("-P", "io=100", "true"), dir, env());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.stderr()).isEqualTo("dmon: option -P: high mark 100 can never be passed (pressure is a share of"
                + " time, 0 to 100)\n");
    }

    private static boolean stopped(int pid) {
        return ProcStat.read(pid).map(ProcStat::stopped).orElse(false);
    }
}
