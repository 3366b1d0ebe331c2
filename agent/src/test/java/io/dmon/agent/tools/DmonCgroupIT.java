package io.dmon.agent.tools;

import static io.dmon.agent.tools.ProgramRun.await;
import static io.dmon.agent.tools.ProgramRun.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dmon} with cgroups, end to end, as root on a host with the v2 hierarchy and the v1
 * freezer writable (as CI runs): a job that calls setsid and double-forks a daemon is frozen
 * whole by a pressure crossing and killed whole when dmon is told to stop, its cgroup removed;
 * {@code -G v1} and {@code -G off} are honoured; a dmon that cannot make cgroups (not root) says
 * why in one line and runs the job in its process group.
 */
class DmonCgroupIT {
    private static final Path V2 = Path.of("/sys/fs/cgroup/unified");
    private static final Path FREEZER = Path.of("/sys/fs/cgroup/freezer");

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (Process p : started) {
            if (p.isAlive()) {
                ProgramRun.kill("KILL", p.pid());
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
        // Even when a test failed: what the jobs left goes, and so do the directories, each tried.
        Exception first = null;
        for (Process p : started) {
            for (Path owner : ownerDirs(p.pid())) {
                try {
                    removeTree(owner);
                } catch (IOException e) {
                    first = first == null ? e : first;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private static void removeTree(Path owner) throws IOException, InterruptedException {
        if (!Files.isDirectory(owner)) {
            return;
        }
        List<Path> dirs;
        try (Stream<Path> s = Files.walk(owner)) {
            dirs = s.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList();
        }
        for (Path d : dirs) {
            Path kill = d.resolve("cgroup.kill");
            if (Files.exists(kill)) {
                Files.writeString(kill, "1");
            } else if (Files.exists(d.resolve("freezer.state"))) {
                for (String pid : Files.readAllLines(d.resolve("cgroup.procs"))) {
                    new ProcessBuilder("kill", "-KILL", pid).start().waitFor();
                }
                Files.writeString(d.resolve("freezer.state"), "THAWED");
            }
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!Files.readString(d.resolve("cgroup.procs")).isBlank() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            Files.deleteIfExists(d);
        }
    }

    /**
     * A dmon's directories in every hierarchy it may use (v2, the v1 freezer and the v1 meters),
     * under the cgroup this test runs in, which the dmons it starts share.
     */
    private static List<Path> ownerDirs(long pid) {
        List<Path> dirs = new ArrayList<>();
        for (String line : read(Path.of("/proc/self/cgroup")).split("\n")) {
            String[] f = line.split(":", 3);
            if (f.length != 3) {
                continue;
            }
            Path mount = f[0].equals("0") && f[1].isEmpty() ? V2
                    : List.of("freezer", "memory", "cpu", "cpuacct").contains(f[1]) ? FREEZER.resolveSibling(f[1]) : null;
            if (mount != null) {
                // The holders first: a cleanup kills through them before the meters can go.
                Path owner = mount.resolve(f[2].substring(1)).resolve("dmon").resolve("dmon-" + pid);
                dirs.add(mount.equals(V2) || mount.equals(FREEZER) ? 0 : dirs.size(), owner);
            }
        }
        return dirs;
    }

    private static void assumeCgroups() {
        assumeTrue(Files.isDirectory(V2) && Files.isWritable(V2.resolve("cgroup.procs")),
                "no writable cgroup v2 hierarchy at " + V2 + " (not root, or not this kind of host)");
    }

    private void io(double someAvg10) throws Exception {
        Path pressure = Files.createDirectories(dir.resolve("pressure"));
        Path tmp = pressure.resolve("io.tmp");
        Files.writeString(tmp, String.format(java.util.Locale.ROOT,
                "some avg10=%.2f avg60=0.00 avg300=0.00 total=1%nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0%n",
                someAvg10));
        Files.move(tmp, pressure.resolve("io"), StandardCopyOption.ATOMIC_MOVE);
    }

    private Path tree() throws IOException {
        Path script = dir.resolve("tree.sh");
        Files.writeString(script, "#!/bin/sh\nsetsid sleep 300 &\n(sleep 301 &) &\nexec sleep 302\n");
        script.toFile().setExecutable(true);
        return script;
    }

    private Process dmon(List<String> args, Map<String, String> env) throws IOException {
        Process p = ProgramRun.builder(DmonMain.class, args, dir, env)
                .redirectError(dir.resolve("stderr").toFile()).start();
        started.add(p);
        return p;
    }

    private static List<Integer> pids(Path cgroup) {
        List<Integer> pids = new ArrayList<>();
        for (String line : read(cgroup.resolve("cgroup.procs")).split("\n")) {
            if (!line.isBlank()) {
                pids.add(Integer.parseInt(line.trim()));
            }
        }
        return pids;
    }

    /** The tree settled: its three sleeps, the forks between them done. */
    private static boolean threeSleeps(Path cgroup) {
        List<Integer> pids = pids(cgroup);
        return pids.size() == 3 && pids.stream().allMatch(p -> read(Path.of("/proc/" + p + "/comm")).equals("sleep\n"));
    }

    private static boolean gone(int pid) {
        return !ProgramRun.alive(pid);
    }

    @Test
    void aPressureCrossingFreezesTheWholeTreeAndAStopKillsAllOfIt() throws Exception {
        assumeCgroups();
        io(5);
        Process dmon = dmon(List.of("-n", "-I", "status", "-P", "io=40", tree().toString()),
                Map.of("DMON_PRESSURE_DIR", dir.resolve("pressure").toString()));
        Path job = V2.resolve("dmon").resolve("dmon-" + dmon.pid()).resolve("job");
        await("three processes in " + job, Duration.ofSeconds(20), () -> threeSleeps(job));
        List<Integer> tree = pids(job);
        assertThat(read(job.resolve("cgroup.events"))).contains("frozen 0");

        io(60);
        await("the cgroup frozen", Duration.ofSeconds(20), () -> read(job.resolve("cgroup.events")).contains("frozen 1"));
        await("cmd pause", Duration.ofSeconds(20), () -> read(dir.resolve("status")).contains("cmd pause "));
        // The setsid'd sleep and the daemon are in it too: frozen with the rest.
        assertThat(pids(job)).containsExactlyInAnyOrderElementsOf(tree);

        io(10);
        await("thawed", Duration.ofSeconds(20), () -> read(job.resolve("cgroup.events")).contains("frozen 0"));

        ProgramRun.kill("TERM", dmon.pid());
        assertThat(dmon.waitFor(30, TimeUnit.SECONDS)).isTrue();
        for (int pid : tree) {
            await("pid " + pid + " gone", Duration.ofSeconds(10), () -> gone(pid));
        }
        assertThat(job).doesNotExist();
        assertThat(V2.resolve("dmon").resolve("dmon-" + dmon.pid())).doesNotExist();
        assertThat(read(dir.resolve("stderr"))).isEmpty();
    }

    @Test
    void forcedV1UsesTheFreezerAndOffUsesNone() throws Exception {
        assumeCgroups();
        Process v1 = dmon(List.of("-n", "-G", "v1", tree().toString()), Map.of());
        Path job = FREEZER.resolve("dmon").resolve("dmon-" + v1.pid()).resolve("job");
        await("three processes in " + job, Duration.ofSeconds(20), () -> threeSleeps(job));
        List<Integer> tree = pids(job);
        assertThat(V2.resolve("dmon").resolve("dmon-" + v1.pid())).doesNotExist();
        ProgramRun.kill("TERM", v1.pid());
        assertThat(v1.waitFor(30, TimeUnit.SECONDS)).isTrue();
        for (int pid : tree) {
            await("pid " + pid + " gone", Duration.ofSeconds(10), () -> gone(pid));
        }
        assertThat(job).doesNotExist();

        Process off = dmon(List.of("-n", "-I", "status", "-G", "off", "sleep", "300"), Map.of());
        await("cmd start", Duration.ofSeconds(20), () -> read(dir.resolve("status")).startsWith("cmd start "));
        int cmd = Integer.parseInt(read(dir.resolve("status")).lines().findFirst().orElseThrow().split(" ")[2]);
        assertThat(V2.resolve("dmon").resolve("dmon-" + off.pid())).doesNotExist();
        assertThat(FREEZER.resolve("dmon").resolve("dmon-" + off.pid())).doesNotExist();
        assertThat(read(Path.of("/proc/" + cmd + "/cgroup"))).contains("0::/\n");
        ProgramRun.kill("TERM", off.pid());
        assertThat(off.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aDmonThatCannotMakeCgroupsSaysWhyAndUsesTheProcessGroup() throws Exception {
        assumeCgroups();
        // Not root: the hierarchies are there but not ours to write, the real case of an unwritable parent.
        List<String> args = new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
        args.addAll(ProgramRun.builder(DmonMain.class, List.of("-n", "-1", "-G", "v2", "true"), dir, Map.of()).command());
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        Process p = new ProcessBuilder(args).directory(dir.toFile()).redirectErrorStream(true).start();
        started.add(p);
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).matches("dmon: no cgroup for the job, its process group holds it: cgroup v2: cannot create "
                + V2 + "/dmon/dmon-\\d+/job: permission denied\n");
    }

    @Test
    void theJobsOwnPressureIsWatchedInItsCgroupAndRefusedWithoutOne() throws Exception {
        assumeCgroups();
        Process dmon = dmon(List.of("-n", "-I", "status", "-P", "self:io=40", "-P", "self:memory:full=30", "sleep", "300"),
                Map.of());
        Path job = V2.resolve("dmon").resolve("dmon-" + dmon.pid()).resolve("job");
        await("cmd start", Duration.ofSeconds(20), () -> read(dir.resolve("status")).startsWith("cmd start "));
        assertThat(read(job.resolve("io.pressure"))).startsWith("some avg10=");
        ProgramRun.kill("TERM", dmon.pid());
        assertThat(dmon.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(read(dir.resolve("stderr"))).isEmpty();
        assertThat(read(dir.resolve("status"))).doesNotContain("pause");

        var off = ProgramRun.run(DmonMain.class, List.of("-n", "-G", "off", "-P", "self:io=40", "true"), dir, Map.of());
        assertThat(off.exit()).isEqualTo(2);
        assertThat(off.stderr()).isEqualTo("dmon: -P self:io=40/20: the job has no cgroup v2 of its own to read its"
                + " pressure from (it has process group: cgroups off (--cgroups off))\n");
        var v1 = ProgramRun.run(DmonMain.class, List.of("-n", "-G", "v1", "-P", "self:io=40", "true"), dir, Map.of());
        assertThat(v1.exit()).isEqualTo(2);
        assertThat(v1.stderr()).isEqualTo("dmon: -P self:io=40/20: the job has no cgroup v2 of its own to read its"
                + " pressure from (it has v1 freezer)\n");
    }

    /**
     * The job's own CPU pressure, made real: more busy loops than the host has CPUs keep some of
     * them waiting, so the job's cgroup's {@code cpu.pressure} some avg10 climbs past the high mark
     * and dmon pauses the job; frozen, its tasks wait for nothing, the average decays under the low
     * mark and dmon resumes it. Nothing here writes a pressure file.
     */
    @Test
    void aJobWhoseOwnCpuPressureCrossesItsMarkIsPausedAndResumed() throws Exception {
        assumeCgroups();
        int loops = Runtime.getRuntime().availableProcessors() + 2;
        Path script = dir.resolve("spin.sh");
        Files.writeString(script, "#!/bin/sh\ni=0\nwhile [ $i -lt " + loops + " ]; do\n"
                + "  (while :; do :; done) &\n  i=$((i+1))\ndone\nwait\n");
        script.toFile().setExecutable(true);
        Process dmon = dmon(List.of("-n", "-I", "status", "-P", "self:cpu=20/5", script.toString()), Map.of());
        Path job = V2.resolve("dmon").resolve("dmon-" + dmon.pid()).resolve("job");
        await("cmd start", Duration.ofSeconds(20), () -> read(dir.resolve("status")).startsWith("cmd start "));

        await("paused by its own cpu pressure", Duration.ofSeconds(60),
                () -> read(dir.resolve("status")).contains("cmd pause "));
        await("its cgroup frozen", Duration.ofSeconds(20), () -> read(job.resolve("cgroup.events")).contains("frozen 1"));
        double high = someAvg10(job.resolve("cpu.pressure"));
        System.out.println("[self pressure] paused with the job's cpu some avg10 at " + high);

        await("resumed once its pressure decayed", Duration.ofSeconds(90),
                () -> read(dir.resolve("status")).contains("cmd resume "));
        // Read after the fact: the average may have moved since dmon read it under the low mark.
        System.out.println("[self pressure] resumed; the job's cpu some avg10 now " + someAvg10(job.resolve("cpu.pressure")));

        ProgramRun.kill("TERM", dmon.pid());
        assertThat(dmon.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(job).doesNotExist();
        assertThat(read(dir.resolve("stderr"))).isEmpty();
    }

    /**
     * dmon killed with SIGKILL ends nothing: its job's cgroups stay. The next dmon's start removes
     * those of a dead dmon whose job has ended since, in every hierarchy, and leaves those of a
     * dead dmon whose job runs on and those of a live dmon, saying nothing.
     */
    @Test
    void aDmonKilledWithSigkillLeavesNoEmptyCgroupsPastTheNextStart() throws Exception {
        assumeCgroups();
        Process ended = dmon(List.of("-n", "sleep", "300"), Map.of());
        Process outlived = dmon(List.of("-n", "sleep", "301"), Map.of());
        Process live = dmon(List.of("-n", "sleep", "302"), Map.of());
        for (Process p : List.of(ended, outlived, live)) {
            Path job = V2.resolve("dmon").resolve("dmon-" + p.pid()).resolve("job");
            await("a process in " + job, Duration.ofSeconds(20), () -> Files.isDirectory(job) && pids(job).size() == 1);
        }
        List<Path> endedDirs = ownerDirs(ended.pid()).stream().filter(Files::isDirectory).toList();
        assertThat(endedDirs).contains(V2.resolve("dmon").resolve("dmon-" + ended.pid()));
        List<Path> kept = new ArrayList<>();
        for (Process p : List.of(outlived, live)) {
            kept.addAll(ownerDirs(p.pid()).stream().filter(Files::isDirectory).toList());
        }
        for (Process p : List.of(ended, outlived)) {
            ProgramRun.kill("KILL", p.pid());
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        Path endedJob = V2.resolve("dmon").resolve("dmon-" + ended.pid()).resolve("job");
        Files.writeString(endedJob.resolve("cgroup.kill"), "1");
        await("the killed dmon's job ended", Duration.ofSeconds(10), () -> pids(endedJob).isEmpty());
        assertThat(endedDirs).allMatch(Files::isDirectory);

        var next = ProgramRun.run(DmonMain.class, List.of("-n", "-1", "true"), dir, Map.of());

        assertThat(next.exit()).as(next.stderr()).isZero();
        assertThat(next.stderr()).isEmpty();
        for (Path d : endedDirs) {
            assertThat(d).doesNotExist();
        }
        assertThat(kept).allMatch(Files::isDirectory);
        assertThat(pids(V2.resolve("dmon").resolve("dmon-" + outlived.pid()).resolve("job"))).hasSize(1);
        assertThat(pids(V2.resolve("dmon").resolve("dmon-" + live.pid()).resolve("job"))).hasSize(1);
        assertThat(live.isAlive()).isTrue();
    }

    private static double someAvg10(Path pressureFile) {
        String some = read(pressureFile).lines().filter(l -> l.startsWith("some ")).findFirst().orElseThrow();
        return Double.parseDouble(some.split("avg10=")[1].split(" ")[0]);
    }

    @Test
    void aBadModeIsOneLineAndStatusOne() throws Exception {
        var r = ProgramRun.run(DmonMain.class, List.of("-G", "v3", "true"), dir, Map.of());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.stderr()).isEqualTo("dmon: option -G: 'v3' is not one of auto, v2, v1, off\n");
    }
}
