package io.dmon.bench;

import io.dmon.bench.Figure.Unit;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Sustained log throughput through one coordinator to one follower: a job on a1,
 * {@code echo ready; read x < GATE; cat FILE; echo END; exec sleep 600}, where FILE holds N
 * numbered lines of 100 bytes. A follower ({@code dmonctl logs -f}) is attached first (it has
 * printed {@code ready}); then the benchmark opens GATE and counts the lines the follower prints
 * until {@code END} (or 15 s without a line). Lines/s is over the first to the last data line the
 * follower printed. A follower that falls behind the coordinator's ring loses lines: they are
 * counted, not hidden. CPU of the coordinator and of the agent over the same window: utime+stime
 * of /proc/PID/stat and the schedstat sum of their threads.
 */
final class FleetThroughput {
    private final Bench bench;
    private final Fleet fleet;

    FleetThroughput(Bench bench, Fleet fleet) {
        this.bench = bench;
        this.fleet = fleet;
    }

    void run(Result r, long lines) throws IOException, InterruptedException {
        String label = String.format(Locale.ROOT, "log throughput to one follower (%,d lines)", lines);
        Path file = bench.file("fleet-lines.txt");
        LogThroughput.generate(file, lines);
        Path gate = bench.fifo("gate");
        Fleet.Ctl c = fleet.ctl(60_000, "run", "--host", "a1", "--name", "tp", "sh", "-c",
                "echo ready; read x < '" + gate + "'; cat '" + file + "'; echo END; exec sleep 600");
        if (c.exit() != 0) {
            r.add(Figure.failed(label, "dmonctl run exited " + c.exit() + ": " + c.output().strip()));
            return;
        }
        bench.progress("fleet: throughput, " + lines + " lines");
        long coordinator = fleet.coordinatorPid();
        long agent = fleet.agentPid(1);
        long ticks = bench.clockTicks();
        try (LogsFollowProcess f = LogsFollowProcess.start(bench, fleet, "tp@a1")) {
            if (f.await("ready"::equals, 30_000) == null) {
                r.add(Figure.failed(label, "the follower never printed 'ready' (" + f.why() + ")"));
                return;
            }
            long cTicks0 = Procs.cpuTicks(coordinator);
            long cNanos0 = Procs.cpuNanos(coordinator);
            long aTicks0 = Procs.cpuTicks(agent);
            long aNanos0 = Procs.cpuNanos(agent);
            long gateOpened = System.nanoTime();
            try (OutputStream g = Files.newOutputStream(gate)) {
                g.write("go\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
            long count = 0;
            long outOfOrder = 0;
            long expected = 0;
            long first = 0;
            long last = 0;
            boolean ended = false;
            long limit = System.nanoTime() + 300_000_000_000L;
            while (System.nanoTime() < limit) {
                LogsFollowProcess.Line l = f.next(15_000);
                if (l == null) {
                    break;
                }
                if (l.text().equals("END")) {
                    ended = true;
                    break;
                }
                if (first == 0) {
                    first = l.nanos();
                }
                last = l.nanos();
                count++;
                long n = number(l.text());
                if (n != expected) {
                    outOfOrder++;
                }
                expected = n + 1;
            }
            long seenEnd = System.nanoTime();
            double cpuC = (Procs.cpuTicks(coordinator) - cTicks0) * 1000.0 / ticks;
            double cpuA = (Procs.cpuTicks(agent) - aTicks0) * 1000.0 / ticks;
            double schedC = (Procs.cpuNanos(coordinator) - cNanos0) / 1e6;
            double schedA = (Procs.cpuNanos(agent) - aNanos0) / 1e6;
            if (count < 2) {
                r.add(Figure.failed(label, "the follower printed " + count + " lines (" + f.why() + ")"));
                return;
            }
            double seconds = (last - first) / 1e9;
            double window = (seenEnd - gateOpened) / 1e9;
            Figure fig = Figure.of(label, (count - 1) / seconds, Unit.LINES_PER_S).detail(String.format(Locale.ROOT,
                    "%,d of %,d lines printed (%,d gaps or reorders)%s; %.2f s first to last line, %.2f s from "
                            + "the gate to END (%s); %.1f MB/s printed", count, lines, outOfOrder,
                    ended ? "" : ", END never seen", seconds, window, ended ? String.format(Locale.ROOT,
                            "all %,d lines through the coordinator at %,.0f lines/s", lines, lines / window)
                            : "END not seen", count * 100 / seconds / 1e6));
            r.add(count == lines && outOfOrder == 0 ? fig : fig.invalid("lines missing at the follower"));
            r.add(Figure.of("  coordinator CPU during it", cpuC, Unit.MS).detail(String.format(Locale.ROOT,
                    "utime+stime; schedstat %.0f ms; %.0f ms per s of the window", schedC, cpuC / window)));
            r.add(Figure.of("  agent CPU during it", cpuA, Unit.MS).detail(String.format(Locale.ROOT,
                    "utime+stime; schedstat %.0f ms; %.0f ms per s of the window", schedA, cpuA / window)));
        } finally {
            fleet.stopJobs(List.of("tp@a1"));
            Files.deleteIfExists(file);
        }
    }

    /** The line number at the start of a generated line, or -1. */
    private static long number(String line) {
        if (line.length() < 10) {
            return -1;
        }
        try {
            return Long.parseLong(line.substring(0, 10));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
