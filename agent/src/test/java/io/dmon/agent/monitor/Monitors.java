package io.dmon.agent.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.agent.process.ProcStat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Real monitors in a temporary directory, each in a folder of its own; every monitor started and
 * every run seen are killed when the test ends, so nothing outlives it.
 */
final class Monitors implements AutoCloseable {
    static final Duration DEADLINE = Duration.ofSeconds(20);
    static final List<String> ENV = List.of("PATH=/usr/local/bin:/usr/bin:/bin", "LC_ALL=C");

    final Path root;
    final MonitorLauncher launcher;
    private final List<MonitorRecord> started = new ArrayList<>();
    private final List<MonitorState.Run> runs = new ArrayList<>();
    private final List<MonitorConnection> connections = new ArrayList<>();
    private int next;

    Monitors(Path root) throws MonitorException {
        this.root = root;
        this.launcher = MonitorLauncher.find();
    }

    /** A fresh folder for one monitor. */
    Path dir() {
        return root.resolve("m" + next++);
    }

    /** A spec running {@code sh -c script} in a fresh folder. */
    MonitorSpec shell(String script) {
        return MonitorSpec.of(dir(), List.of("sh", "-c", script), ENV);
    }

    MonitorRecord start(MonitorSpec spec) throws MonitorException, InterruptedException {
        MonitorRecord r = launcher.start(spec);
        started.add(r);
        return r;
    }

    MonitorConnection attach(Path dir) throws MonitorException, InterruptedException {
        MonitorConnection c = MonitorConnection.attach(dir, Duration.ofSeconds(10));
        connections.add(c);
        MonitorState.Run run = c.state().run();
        if (run != null) {
            runs.add(run);
        }
        return c;
    }

    /** Starts a monitor for {@code spec}, attaches, starts run 1. */
    MonitorConnection run(MonitorSpec spec) throws MonitorException, InterruptedException {
        start(spec);
        MonitorConnection c = attach(spec.dir());
        runs.add(c.start(1));
        return c;
    }

    /** Every line in the store from seq 1, as text. */
    static List<String> texts(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        for (OutputStore.StoredLine l : lines(dir, 1)) {
            out.add(new String(l.line(), StandardCharsets.UTF_8));
        }
        return out;
    }

    /** Every whole line in the store from seq {@code from}. */
    static List<OutputStore.StoredLine> lines(Path dir, long from) throws IOException {
        OutputStore store = new OutputStore(dir);
        List<OutputStore.StoredLine> out = new ArrayList<>();
        long seq = from;
        while (true) {
            OutputStore.Batch b = store.read(seq, 1000, 1 << 20);
            if (b.lines().isEmpty()) {
                return out;
            }
            out.addAll(b.lines());
            seq = b.nextSeq();
        }
    }

    static MonitorState awaitState(MonitorConnection c, String what, java.util.function.Predicate<MonitorState> p)
            throws InterruptedException {
        Optional<MonitorState> s = c.awaitState(p, DEADLINE);
        assertThat(s).as(what + " (state " + c.state() + ")").isPresent();
        return s.get();
    }

    /** Skips run events until the connection's end; fails when it does not come. */
    static MonitorEvent.Closed awaitClosed(MonitorConnection c) throws InterruptedException {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < end) {
            MonitorEvent e = c.nextEvent(Duration.ofMillis(100));
            if (e instanceof MonitorEvent.Closed closed) {
                return closed;
            }
        }
        throw new AssertionError("the connection did not end");
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    /** True once {@code pid} is gone (or a zombie nobody reaps here). */
    static boolean gone(int pid) {
        return ProcStat.read(pid).map(s -> s.state() == 'Z').orElse(true);
    }

    @Override
    public void close() {
        connections.forEach(MonitorConnection::close);
        for (MonitorRecord r : started) {
            if (r.alive()) {
                ProcessHandle.of(r.pid()).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
        // A run whose monitor died is killed by the kernel (PR_SET_PDEATHSIG); its group may linger.
        // Its members are known by group and start time, never by a pid alone.
        List<ProcStat> all = ProcStat.all();
        for (MonitorState.Run run : runs) {
            for (ProcStat p : all) {
                if (p.pgrp() == run.pid() && p.startTime() >= run.startTime()) {
                    ProcessHandle.of(p.pid()).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
        }
    }
}
