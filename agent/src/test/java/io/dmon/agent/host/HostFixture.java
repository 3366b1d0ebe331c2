package io.dmon.agent.host;

import io.dmon.agent.link.AssignmentMapper;
import io.dmon.agent.monitor.MonitorDirs;
import io.dmon.agent.monitor.MonitorLauncher;
import io.dmon.agent.monitor.StrayMonitors;
import io.dmon.agent.process.Posix;
import io.dmon.agent.process.ProcStat;
import io.dmon.agent.spool.SpoolSet;
import io.dmon.agent.state.JobRecord;
import io.dmon.agent.state.StateDir;
import io.dmon.proto.v1.DesiredState;
import io.dmon.proto.v1.Job;
import io.dmon.proto.v1.JobChange;
import io.dmon.spec.JobSpec;
import io.dmon.wire.JobSpecMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/**
 * A JobHost on a temporary state directory, built as the agent builds it (what a previous host on
 * the directory left taken over first), its events and reports recorded, the load read from a
 * file and the pressure from the directory {@code pressure} (io at 1 % to begin with).
 */
final class HostFixture implements AutoCloseable {
    static final Duration DEADLINE = Duration.ofSeconds(20);

    final Path dir;
    final Path loadFile;
    final StateDir state;
    final SpoolSet spools;
    final MonitorDirs monitorDirs;
    final JobHost host;
    final List<HostEvent> events = new CopyOnWriteArrayList<>();
    final Map<String, JobReport> latest = new java.util.concurrent.ConcurrentHashMap<>();
    final List<String> messages = new CopyOnWriteArrayList<>();

    HostFixture(Path dir) throws IOException {
        this(dir, RunAsPolicy.of(Posix.load().geteuid(), true, Optional.empty()));
    }

    HostFixture(Path dir, RunAsPolicy runAs) throws IOException {
        this(dir, runAs, 1 << 20);
    }

    /** With each job's spool bounded to {@code spoolMaxBytes}. */
    HostFixture(Path dir, long spoolMaxBytes) throws IOException {
        this(dir, RunAsPolicy.of(Posix.load().geteuid(), true, Optional.empty()), spoolMaxBytes);
    }

    private HostFixture(Path dir, RunAsPolicy runAs, long spoolMaxBytes) throws IOException {
        this.dir = dir;
        this.loadFile = dir.resolve("loadavg");
        load("0.10");
        io(1);
        this.state = StateDir.open(dir.resolve("state"), messages::add);
        this.spools = SpoolSet.open(state.spoolRoot(), spoolMaxBytes, messages::add);
        Map<String, JobRecord> records = state.readRecords();
        this.monitorDirs = MonitorDirs.open(state.monitorsRoot(), records.values().stream().map(JobRecord::monitor)
                .filter(java.util.Objects::nonNull).toList());
        MonitorRecovery left;
        try {
            left = MonitorRecovery.scan(monitorDirs, records.values());
            StrayMonitors.end(monitorDirs, left.stray(), Duration.ofSeconds(2), Posix.load(), messages::add);
        } catch (InterruptedException e) {
            throw new java.io.InterruptedIOException();
        }
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("DMON_LOADAVG_FILE", loadFile.toString());
        env.put("DMON_PRESSURE_DIR", dir.resolve("pressure").toString());
        env.put("OUT", dir.toString());
        HostListener listener = new HostListener() {
            @Override
            public void event(HostEvent event) {
                events.add(event);
            }

            @Override
            public void status(JobReport report) {
                latest.put(report.jobId(), report);
            }
        };
        this.host = new JobHost(new JobLauncher(Posix.load(), state, env, spools, Duration.ofSeconds(2), runAs,
                MonitorLauncher.find(), monitorDirs, messages::add), state, spools, listener, records, left.byJob(),
                Duration.ofSeconds(20), AssignmentMapper::saved, messages::add);
    }

    /** Hands the host a whole assignment as the link does: each job in the host's model. */
    void reconcile(List<Job> assignment) {
        host.reconcile(assignment.stream().map(AssignmentMapper::desired).toList());
    }

    /** Hands the host one change as the link does. */
    void apply(JobChange change) {
        if (change.getRemoved()) {
            host.remove(change.getJob().getId());
        } else {
            host.apply(AssignmentMapper.desired(change.getJob()));
        }
    }

    static Job job(String name, long generation, JobSpec spec) {
        return Job.newBuilder().setId(name + "@test").setName(name).setHost("test")
                .setSpec(JobSpecMapper.toProto(spec)).setDesired(DesiredState.DESIRED_RUNNING)
                .setGeneration(generation).build();
    }

    static Job stopped(Job job) {
        return job.toBuilder().setDesired(DesiredState.DESIRED_STOPPED).build();
    }

    /** A job that appends its shell's pid to $OUT/NAME.pids, then sleeps in the same process. */
    static Job sleeper(String name, long generation) {
        return job(name, generation, JobSpec.builder()
                .command("sh", "-c", "echo $$ >> \"$OUT/" + name + ".pids\"; exec sleep 60").build());
    }

    List<Integer> pids(String name) {
        return lines(dir.resolve(name + ".pids")).stream().map(Integer::parseInt).toList();
    }

    static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    void load(String value) throws IOException {
        Path tmp = dir.resolve("loadavg.tmp");
        Files.writeString(tmp, value + " 0.20 0.30 1/1 1\n");
        Files.move(tmp, dir.resolve("loadavg"), StandardCopyOption.ATOMIC_MOVE);
    }

    /** Writes the io pressure file, its some line's 10-second average as given. */
    void io(double someAvg10) throws IOException {
        Path pressure = Files.createDirectories(dir.resolve("pressure"));
        Path tmp = pressure.resolve("io.tmp");
        Files.writeString(tmp, String.format(java.util.Locale.ROOT, "some avg10=%.2f avg60=0.00 avg300=0.00 total=1%n"
                + "full avg10=0.00 avg60=0.00 avg300=0.00 total=0%n", someAvg10));
        Files.move(tmp, pressure.resolve("io"), StandardCopyOption.ATOMIC_MOVE);
    }

    JobReport report(String name) {
        return latest.get(name + "@test");
    }

    static boolean alive(int pid) {
        return ProcStat.read(pid).filter(p -> p.state() != 'Z').isPresent();
    }

    static Optional<ProcStat> stat(int pid) {
        return ProcStat.read(pid);
    }

    /** The live processes of process group {@code pgid}, from /proc. */
    static List<ProcStat> group(int pgid) {
        try (var entries = Files.list(Path.of("/proc"))) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
                    .map(n -> ProcStat.read(Integer.parseInt(n))).flatMap(Optional::stream)
                    .filter(s -> s.pgrp() == pgid && s.state() != 'Z').toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** True when the group has at least {@code size} live processes, every one stopped (T). */
    static boolean groupStopped(int pgid, int size) {
        List<ProcStat> g = group(pgid);
        return g.size() >= size && g.stream().allMatch(ProcStat::stopped);
    }

    /** True when the group has at least {@code size} live processes and none is stopped. */
    static boolean groupRunning(int pgid, int size) {
        List<ProcStat> g = group(pgid);
        return g.size() >= size && g.stream().noneMatch(ProcStat::stopped);
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    /** The host goes away and leaves its jobs running under their monitors (as an agent's TERM does). */
    void detach() throws InterruptedException {
        host.detach();
        spools.close();
        state.close();
        detached = true;
    }

    private boolean detached;

    @Override
    public void close() throws InterruptedException {
        if (detached) {
            return;
        }
        host.close();
        spools.close();
        state.close();
    }
}
