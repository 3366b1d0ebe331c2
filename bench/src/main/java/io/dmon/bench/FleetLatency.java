package io.dmon.bench;

import io.dmon.bench.Figure.Unit;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fleet's two latencies, both stamped by the benchmark with System.nanoTime (one clock, so no
 * clock has to be trusted across processes).
 *
 * <p>Dispatch: {@code dmonctl run --host a1 --name dN sh -c 'echo started > FIFO; exec sleep 600'}.
 * A benchmark thread blocks opening FIFO for reading; the job's open for writing wakes it, and the
 * first byte read is "process started". Measured from when dmonctl's exit was seen (the command
 * returned; negative when the job started first), and, as side figures, from when dmonctl printed
 * the job id (the Run RPC had answered) and from just before dmonctl was started (its JVM start
 * inside).
 *
 * <p>Log: a job {@code exec 3<>FIFO; echo ready; while read x <&3; do echo "L $x"; done} and a
 * follower {@code dmonctl logs -f JOB}; the benchmark writes token tK into FIFO (t0) and stamps the
 * moment it reads {@code L tK} from the follower's stdout (t1): job, agent spool, coordinator
 * store, follower stream and dmonctl's printing are all inside.
 */
final class FleetLatency {
    private final Bench bench;
    private final Fleet fleet;

    FleetLatency(Bench bench, Fleet fleet) {
        this.bench = bench;
        this.fleet = fleet;
    }

    void dispatch(Result r, int runs) throws IOException, InterruptedException {
        List<Double> fromReturn = new ArrayList<>();
        List<Double> fromStart = new ArrayList<>();
        List<Double> fromPrinted = new ArrayList<>();
        List<String> started = new ArrayList<>();
        String failure = null;
        for (int i = 0; i < runs && failure == null; i++) {
            bench.progress("fleet: dispatch " + (i + 1) + "/" + runs);
            Path fifo = bench.fifo("dispatch-" + i);
            AtomicLong signalled = new AtomicLong();
            Thread reader = new Thread(() -> {
                try (InputStream in = Files.newInputStream(fifo)) {
                    if (in.read() >= 0) {
                        signalled.set(System.nanoTime());
                    }
                } catch (IOException e) {
                    // left unsignalled: reported below
                }
            }, "fleet-dispatch-reader");
            reader.setDaemon(true);
            reader.start();
            Fleet.Ctl c = fleet.ctl(60_000, "run", "--host", "a1", "--name", "d" + i, "sh", "-c",
                    "echo started > '" + fifo + "'; exec sleep 600");
            if (c.exit() != 0) {
                failure = "dmonctl run exited " + c.exit() + ": " + c.output().strip();
            } else {
                started.add("d" + i + "@a1");
                reader.join(30_000);
                if (signalled.get() == 0) {
                    failure = "job d" + i + " did not signal within 30 s of dmonctl's return";
                }
            }
            if (signalled.get() == 0) {
                unblock(fifo);
                reader.join(2_000);
                continue;
            }
            fromReturn.add((signalled.get() - c.ended()) / 1e6);
            fromStart.add((signalled.get() - c.started()) / 1e6);
            fromPrinted.add((signalled.get() - c.printed()) / 1e6);
        }
        fleet.stopJobs(started);
        String label = "dispatch: dmonctl run returned -> job started";
        if (fromReturn.isEmpty()) {
            r.add(Figure.failed(label, failure));
            return;
        }
        Stats ret = Stats.of(fromReturn);
        Stats all = Stats.of(fromStart);
        Stats printed = Stats.of(fromPrinted);
        r.add(Figure.of(label + ", p50", ret.p50(), Unit.MS).detail(String.format(Locale.ROOT,
                "%d runs; min %.1f ms, max %.1f ms (negative: the job started before dmonctl's exit was seen)%s",
                ret.count(), ret.min(), ret.max(), failure == null ? "" : "; stopped early: " + failure)));
        r.add(Figure.of(label + ", p99", ret.p99(), Unit.MS));
        r.add(Figure.of("  dispatch from dmonctl printing the job id, p50", printed.p50(), Unit.MS).detail(
                "the Run RPC answered; dmonctl's exit follows " + String.format(Locale.ROOT, "%.0f ms later (p50)",
                        Stats.of(exitAfterPrint(fromPrinted, fromReturn)).p50())));
        r.add(Figure.of("  dispatch from dmonctl printing the job id, p99", printed.p99(), Unit.MS));
        r.add(Figure.of("  dispatch from dmonctl's start (JVM incl.), p50", all.p50(), Unit.MS));
        r.add(Figure.of("  dispatch from dmonctl's start (JVM incl.), p99", all.p99(), Unit.MS));
        r.samples("dispatch_from_return_ms", fromReturn);
        r.samples("dispatch_from_dmonctl_start_ms", fromStart);
        r.samples("dispatch_from_job_id_printed_ms", fromPrinted);
    }

    void logs(Result r, int tokens) throws IOException, InterruptedException {
        String label = "log latency: written by the job -> printed by logs -f";
        Path fifo = bench.fifo("loglat");
        bench.progress("fleet: log latency, " + tokens + " lines");
        Fleet.Ctl c = fleet.ctl(60_000, "run", "--host", "a1", "--name", "loglat", "sh", "-c",
                "exec 3<>'" + fifo + "'; echo ready; while read x <&3; do echo \"L $x\"; done");
        if (c.exit() != 0) {
            r.add(Figure.failed(label, "dmonctl run exited " + c.exit() + ": " + c.output().strip()));
            return;
        }
        List<Double> ms = new ArrayList<>();
        String failure = null;
        try (LogsFollowProcess f = LogsFollowProcess.start(bench, fleet, "loglat@a1");
             OutputStream w = new FileOutputStream(fifo.toFile())) {
            if (f.await("ready"::equals, 30_000) == null) {
                failure = "the follower never printed the job's 'ready' line (" + f.why() + ")";
            }
            for (int k = 0; k < tokens && failure == null; k++) {
                String token = "t" + k;
                long t0 = System.nanoTime();
                w.write((token + "\n").getBytes(StandardCharsets.US_ASCII));
                w.flush();
                LogsFollowProcess.Line l = f.await(("L " + token)::equals, 10_000);
                if (l == null) {
                    failure = "line " + token + " not printed within 10 s (" + f.why() + ")";
                    break;
                }
                ms.add((l.nanos() - t0) / 1e6);
                Thread.sleep(50);
            }
        } finally {
            fleet.stopJobs(List.of("loglat@a1"));
        }
        if (ms.isEmpty()) {
            r.add(Figure.failed(label, failure));
            return;
        }
        Stats s = Stats.of(ms);
        r.add(Figure.of(label + ", p50", s.p50(), Unit.MS).detail(String.format(Locale.ROOT,
                "%d lines 50 ms apart; min %.1f ms, max %.1f ms%s", s.count(), s.min(), s.max(),
                failure == null ? "" : "; stopped early: " + failure)));
        r.add(Figure.of(label + ", p99", s.p99(), Unit.MS));
        r.samples("log_latency_ms", ms);
    }

    private static List<Double> exitAfterPrint(List<Double> fromPrinted, List<Double> fromReturn) {
        List<Double> d = new ArrayList<>();
        for (int i = 0; i < fromPrinted.size(); i++) {
            d.add(fromPrinted.get(i) - fromReturn.get(i));
        }
        return d;
    }

    /**
     * Wakes a reader blocked opening the FIFO: an open for reading and writing (which on Linux never
     * blocks) is a writer; nothing is written.
     */
    private static void unblock(Path fifo) {
        try (java.io.RandomAccessFile o = new java.io.RandomAccessFile(fifo.toFile(), "rw")) {
            o.getFD();
        } catch (IOException e) {
            // no reader left: nothing to wake
        }
    }
}
