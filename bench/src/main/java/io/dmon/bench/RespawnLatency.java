package io.dmon.bench;

import io.dmon.bench.Figure.Target;
import io.dmon.bench.Figure.Unit;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Respawn latency for runs over one second (DMon respawns those at once): the time from a
 * child's exit to the start of the next one.
 *
 * <p>Method. {@code bin/dmon -n -m N -I STATUS sh -c 'exec sleep 1.1 3>"$1"' child EXIT}, where
 * STATUS and EXIT are FIFOs read by two threads of this JVM that stamp every event with
 * {@link System#nanoTime()} as it arrives:
 * <ul>
 * <li>start: each child's shell opens EXIT for writing (our open(2) for reading returns then),
 *     so the new run is executing its own code: an upper bound on its start that includes the
 *     shell's own start-up, under a millisecond;</li>
 * <li>exit: the child holds EXIT open (sh execs sleep with it on fd 3) and the kernel closes it
 *     when the child exits, before the parent can reap it, so end-of-file on EXIT marks the true
 *     exit, however late dmon learns of it.</li>
 * </ul>
 * The headline figure is start(k+1) - exit(k). Two more are shown, from the status lines on the
 * STATUS FIFO: exit(k) to dmon's {@code cmd start} line for run k+1 (adds how late dmon reports
 * the start), and {@code cmd exit} to {@code cmd start} (dmon's own reaction, blind to how late it
 * learnt of the exit; two lines read together show as zero). The resolution is the wake-up of a
 * thread blocked in a system call, tens of microseconds.
 *
 * <p>Floor: {@code ProcessBuilder("/bin/true").start()} plus {@code waitFor()} in this JVM.
 */
final class RespawnLatency implements Measurement {
    private static final double RUN_SECONDS = 1.1;

    @Override
    public String name() {
        return "respawn";
    }

    @Override
    public Result run(Bench b) throws Exception {
        int respawns = b.quick() ? 3 : 20;
        Result r = new Result(name(), "respawn latency, runs over 1 s: child exit -> next child start");
        b.progress("respawn: " + respawns + " respawns of a " + RUN_SECONDS + " s run");
        Path status = b.fifo("respawn-status.fifo");
        Path exit = b.fifo("respawn-exit.fifo");
        Path log = b.file("respawn.log");
        StatusLines lines = new StatusLines(status);
        ExitEvents exits = new ExitEvents(exit, respawns + 1);
        lines.thread.start();
        exits.thread.start();
        Process dmon = null;
        try {
            dmon = b.procs().start(b.dmon("-n", "-m", Integer.toString(respawns), "-I", status.toString(),
                    "sh", "-c", "exec sleep " + RUN_SECONDS + " 3>\"$1\"", "respawn-child", exit.toString()), log);
            long limit = (long) ((respawns + 1) * RUN_SECONDS * 1000) + 20_000;
            if (!Procs.await(dmon, limit)) {
                return r.fail("dmon did not finish " + (respawns + 1) + " runs in " + limit / 1000 + " s "
                        + Procs.lastLine(log));
            }
            exits.thread.join(2_000);
            lines.thread.join(2_000);
        } finally {
            b.procs().stop(dmon, 5_000);
            lines.unblock();
            exits.unblock();
        }

        List<Double> latency = new ArrayList<>();
        List<Double> toStartLine = new ArrayList<>();
        List<Double> statusOnly = new ArrayList<>();
        List<Long> startLines = lines.times("cmd start ");
        List<Long> exitLines = lines.times("cmd exit ");
        for (int k = 0; k + 1 < exits.opens.size() && k < exits.eofs.size(); k++) {
            latency.add(ms(exits.opens.get(k + 1) - exits.eofs.get(k)));
        }
        for (int k = 0; k + 1 < startLines.size(); k++) {
            if (k < exits.eofs.size()) {
                toStartLine.add(ms(startLines.get(k + 1) - exits.eofs.get(k)));
            }
            if (k < exitLines.size()) {
                statusOnly.add(ms(startLines.get(k + 1) - exitLines.get(k)));
            }
        }
        if (latency.isEmpty()) {
            return r.fail("no respawn seen (" + exits.opens.size() + " child starts, " + exits.eofs.size()
                    + " child exits, " + startLines.size() + " cmd start lines) " + Procs.lastLine(log));
        }
        List<Double> floorSamples = spawnFloor(b.quick() ? 20 : 100);
        Stats floor = Stats.of(floorSamples);
        Stats s = Stats.of(latency);
        r.add(Figure.of("respawn latency p50", s.p50(), Unit.MS).target(Target.atMost(5)).floor(floor.p50()));
        r.add(Figure.of("respawn latency p99", s.p99(), Unit.MS).floor(floor.p99()));
        r.add(Figure.of("respawn latency max", s.max(), Unit.MS).detail(s.count() + " respawns"));
        if (!toStartLine.isEmpty()) {
            r.add(Figure.of("  exit -> dmon's 'cmd start' line p50", Stats.of(toStartLine).p50(), Unit.MS));
        }
        if (!statusOnly.isEmpty()) {
            r.add(Figure.of("  status lines only (cmd exit -> cmd start) p50", Stats.of(statusOnly).p50(),
                    Unit.MS));
        }
        r.add(Figure.of("  floor: spawn+wait /bin/true p50", floor.p50(), Unit.MS));
        r.add(Figure.of("  floor: spawn+wait /bin/true p99", floor.p99(), Unit.MS));
        r.note("exit = end-of-file of a FIFO the child holds (the kernel closes it at exit); start = the next "
                + "child's shell opening that FIFO; both stamped on arrival with System.nanoTime()");
        r.note("for reference: DMon 2.5 ms, runsv 3.8 ms, supervisord 1,010 ms");
        r.samples("latency_ms", latency).samples("exit_to_start_line_ms", toStartLine)
                .samples("status_lines_ms", statusOnly).samples("floor_spawn_true_ms", floorSamples);
        return r;
    }

    /** Spawn-and-wait times of /bin/true from this JVM, after five warm-ups. */
    private List<Double> spawnFloor(int count) throws IOException, InterruptedException {
        List<Double> out = new ArrayList<>();
        ProcessBuilder pb = new ProcessBuilder("/bin/true").redirectInput(ProcessBuilder.Redirect.from(
                new java.io.File("/dev/null"))).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        for (int i = 0; i < count + 5; i++) {
            long t0 = System.nanoTime();
            pb.start().waitFor();
            long t1 = System.nanoTime();
            if (i >= 5) {
                out.add(ms(t1 - t0));
            }
        }
        return out;
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    /** Opening a FIFO read-write never blocks on Linux and counts as a writer: it frees a reader stuck in open(2). */
    private static void release(Path fifo) {
        try (RandomAccessFile f = new RandomAccessFile(fifo.toFile(), "rw")) {
            f.getFD();
        } catch (IOException e) {
            // the reader is gone already
        }
    }

    /** Reads dmon's status FIFO, stamping each line with the time the read that completed it returned. */
    private static final class StatusLines implements Runnable {
        private final Path fifo;
        private final Thread thread;
        private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
        private final List<Long> stamps = Collections.synchronizedList(new ArrayList<>());
        private volatile boolean done;

        StatusLines(Path fifo) {
            this.fifo = fifo;
            this.thread = new Thread(this, "status-fifo");
            thread.setDaemon(true);
        }

        @Override
        public void run() {
            StringBuilder partial = new StringBuilder();
            byte[] buf = new byte[4096];
            try (InputStream in = new FileInputStream(fifo.toFile())) {
                int n;
                while (!done && (n = in.read(buf)) > 0) {
                    long now = System.nanoTime();
                    partial.append(new String(buf, 0, n, StandardCharsets.US_ASCII));
                    int nl;
                    while ((nl = partial.indexOf("\n")) >= 0) {
                        lines.add(partial.substring(0, nl));
                        stamps.add(now);
                        partial.delete(0, nl + 1);
                    }
                }
            } catch (IOException e) {
                // reported as missing lines
            }
        }

        List<Long> times(String prefix) {
            List<Long> out = new ArrayList<>();
            synchronized (lines) {
                for (int i = 0; i < lines.size(); i++) {
                    if (lines.get(i).startsWith(prefix)) {
                        out.add(stamps.get(i));
                    }
                }
            }
            return out;
        }

        void unblock() throws InterruptedException {
            done = true;
            if (thread.isAlive()) {
                release(fifo);
                thread.join(2_000);
            }
        }
    }

    /** Follows the children through the FIFO each one holds: its open marks the start, end-of-file the exit. */
    private static final class ExitEvents implements Runnable {
        private final Path fifo;
        private final int runs;
        private final Thread thread;
        private final List<Long> opens = Collections.synchronizedList(new ArrayList<>());
        private final List<Long> eofs = Collections.synchronizedList(new ArrayList<>());
        private volatile boolean done;

        ExitEvents(Path fifo, int runs) {
            this.fifo = fifo;
            this.runs = runs;
            this.thread = new Thread(this, "exit-fifo");
            thread.setDaemon(true);
        }

        @Override
        public void run() {
            byte[] buf = new byte[64];
            for (int run = 0; run < runs && !done; run++) {
                try (InputStream in = new FileInputStream(fifo.toFile())) {
                    long opened = System.nanoTime();
                    while (in.read(buf) >= 0) {
                        // the child writes nothing; we wait for end-of-file
                    }
                    long closed = System.nanoTime();
                    if (!done) {
                        opens.add(opened);
                        eofs.add(closed);
                    }
                } catch (IOException e) {
                    return;
                }
            }
        }

        void unblock() throws InterruptedException {
            done = true;
            if (thread.isAlive()) {
                release(fifo);
                thread.join(2_000);
            }
        }
    }
}
