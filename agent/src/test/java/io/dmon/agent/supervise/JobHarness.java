package io.dmon.agent.supervise;

import io.dmon.agent.load.LoadAvgFile;
import io.dmon.agent.load.LoadSource;
import io.dmon.agent.load.LoadSources;
import io.dmon.agent.load.PressureFiles;
import io.dmon.agent.load.PressureSource;
import io.dmon.agent.process.Posix;
import io.dmon.spec.JobSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Runs one real job under a Supervisor on a thread and records its events with their times. The
 * load comes from the file given, the pressure from the directory {@code pressure} in {@code dir}.
 */
final class JobHarness implements AutoCloseable {
    record Seen(JobEvent event, long nanos) { }

    final List<Seen> events = new CopyOnWriteArrayList<>();
    final AtomicInteger loadSamples = new AtomicInteger();
    final AtomicInteger pressureSamples = new AtomicInteger();
    final Supervisor supervisor;
    private final Thread thread;
    private volatile Integer exitCode;

    JobHarness(JobSpec spec, Path dir, Path loadFile, long graceNanos) throws Exception {
        this(spec, dir, loadFile, graceNanos, new String[0]);
    }

    /** @param holds holds set before the supervisor runs */
    JobHarness(JobSpec spec, Path dir, Path loadFile, long graceNanos, String... holds) throws Exception {
        LoadSource file = new LoadAvgFile(loadFile == null ? Path.of("/proc/loadavg") : loadFile);
        LoadSource counted = () -> {
            try {
                return file.load1();
            } finally {
                loadSamples.incrementAndGet();
            }
        };
        PressureSource pressureFiles = new PressureFiles(dir.resolve("pressure"), true);
        PressureSource pressure = () -> {
            try {
                return pressureFiles.pressure();
            } finally {
                pressureSamples.incrementAndGet();
            }
        };
        supervisor = new JobAssembly(Posix.load(), new LoadSources(System::nanoTime), SupervisorClock.SYSTEM)
                .supervisor(spec, SupervisorSettings.of(spec).withStopGrace(graceNanos),
                JobAssembly.environment(System.getenv(), spec), dir, null, null, null, false, counted, pressure, null,
                e -> events.add(new Seen(e, System.nanoTime())));
        for (String hold : holds) {
            supervisor.setHold(hold, true);
        }
        thread = new Thread(() -> {
            try {
                exitCode = supervisor.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "test-supervisor");
        thread.setDaemon(true);
        thread.start();
    }

    static void await(String what, Duration max, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    Seen awaitEvent(String what, Predicate<JobEvent> p) throws InterruptedException {
        await(what, Duration.ofSeconds(20), () -> events.stream().anyMatch(s -> p.test(s.event())));
        return events.stream().filter(s -> p.test(s.event())).findFirst().orElseThrow();
    }

    long count(JobEvent.Kind kind) {
        return events.stream().filter(s -> s.event().kind() == kind && s.event().role() == JobEvent.Role.CMD).count();
    }

    List<JobEvent> cmdEvents() {
        return events.stream().map(Seen::event)
                .filter(e -> e.role() == JobEvent.Role.CMD && e.kind() != JobEvent.Kind.STATE).toList();
    }

    /** The DMon status lines the events render to. */
    List<String> statusLines() {
        return events.stream().map(s -> StatusFileWriter.render(s.event())).filter(l -> l != null).toList();
    }

    int awaitExit() throws InterruptedException {
        thread.join(Duration.ofSeconds(30).toMillis());
        if (thread.isAlive()) {
            throw new AssertionError("supervisor still running; events: " + statusLines());
        }
        return exitCode;
    }

    void awaitLoadSamples(int more) throws InterruptedException {
        int target = loadSamples.get() + more;
        await(more + " load samples", Duration.ofSeconds(20), () -> loadSamples.get() >= target);
    }

    void awaitPressureSamples(int more) throws InterruptedException {
        int target = pressureSamples.get() + more;
        await(more + " pressure samples", Duration.ofSeconds(20), () -> pressureSamples.get() >= target);
    }

    @Override
    public void close() throws InterruptedException {
        supervisor.requestStop();
        thread.join(Duration.ofSeconds(30).toMillis());
    }

    static Map<String, String> noEnv() {
        return Map.of();
    }
}
