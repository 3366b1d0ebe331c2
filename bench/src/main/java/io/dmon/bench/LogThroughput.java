package io.dmon.bench;

import io.dmon.bench.Figure.Target;
import io.dmon.bench.Figure.Unit;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Log throughput: how fast a command's output gets through dmon into a log file, every line
 * checked.
 *
 * <p>Method. A file of N lines of 100 bytes (99 characters and a newline, each line numbered so
 * that a lost or doubled line shows) is written once. Each variant runs
 * {@code bin/dmon -n -1 -I STATUS cat FILE -- LOGCMD} and is timed from the start of dmon to its
 * exit (so dmon's own start-up is inside): in-process {@code dlog -b OUT} (buffered), in-process
 * {@code dlog OUT} (durable: synced as it goes), and an external log process,
 * {@code sh -c 'exec cat >> OUT'}. Then OUT is compared with FILE byte for byte (OK or MISMATCH).
 * The status file tells whether the log command ran as a process of its own ({@code log start}
 * lines) — for dlog it should not. Full runs repeat each variant three times and take the median.
 *
 * <p>Floor: {@code sh -c 'cat FILE > OUT'}.
 */
final class LogThroughput implements Measurement {
    private static final int LINE = 100;

    @Override
    public String name() {
        return "throughput";
    }

    @Override
    public Result run(Bench b) throws Exception {
        long lines = b.quick() ? 200_000 : 2_000_000;
        int repeats = b.quick() ? 1 : 3;
        Result r = new Result(name(), "log throughput: cat FILE through dmon into a log, " + String.format(
                java.util.Locale.ROOT, "%,d lines of %d bytes", lines, LINE));
        Path input = b.file("lines.txt");
        b.progress("throughput: writing " + lines + " lines of " + LINE + " bytes");
        generate(input, lines);
        Path out = b.file("out.log");
        Path status = b.file("throughput.status");
        Path log = b.file("throughput.log");
        String dlog = b.launcher("dlog").toString();

        Path empty = Files.createFile(b.file("empty.txt"));
        Function<Path, List<String>> floorCmd = in -> List.of("sh", "-c", "cat \"$1\" > \"$2\"", "floor",
                in.toString(), out.toString());
        Function<Path, List<String>> bufferedCmd = in -> b.dmon("-n", "-1", "-I", status.toString(), "cat",
                in.toString(), "--", dlog, "-b", out.toString());
        Function<Path, List<String>> durableCmd = in -> b.dmon("-n", "-1", "-I", status.toString(), "cat",
                in.toString(), "--", dlog, out.toString());
        Function<Path, List<String>> externalCmd = in -> b.dmon("-n", "-1", "-I", status.toString(), "cat",
                in.toString(), "--", "sh", "-c", "exec cat >> \"$1\"", "log", out.toString());
        Run floor = measure(b, floorCmd, input, empty, out, status, log, repeats, lines, "floor");
        if (floor.failure != null) {
            return r.fail("floor: " + floor.failure);
        }
        double floorRate = lines / floor.seconds;
        Run buffered = measure(b, bufferedCmd, input, empty, out, status, log, repeats, lines, "dlog_b");
        Run durable = measure(b, durableCmd, input, empty, out, status, log, repeats, lines, "dlog");
        Run external = measure(b, externalCmd, input, empty, out, status, log, repeats, lines, "external");
        r.add(buffered.figure("in-process dlog -b (buffered)", lines, true).target(Target.atLeast(1_500_000))
                .floor(floorRate));
        r.add(durable.figure("in-process dlog (durable)", lines, true).target(Target.atLeast(500_000))
                .floor(floorRate));
        r.add(external.figure("external log process: sh -c 'exec cat >> OUT'", lines, false).floor(floorRate));
        r.add(floor.figure("  floor: sh -c 'cat FILE > OUT'", lines, false));
        r.note("wall time from dmon's start to its exit, so it includes dmon's start-up and exit; "
                + (repeats > 1 ? "median of " + repeats + " runs" : "one run") + "; 'net' subtracts the "
                + "time the same command takes on an empty file");
        r.note("durable and buffered as dlog defines them (durable: synced before more is read); scratch "
                + "directory on " + Files.getFileStore(input).type());
        for (Run run : List.of(floor, buffered, durable, external)) {
            r.samples(run.name + "_seconds", run.walls);
            r.samples(run.name + "_empty_file_seconds", run.emptyWalls);
        }
        Files.deleteIfExists(input);
        return r;
    }

    /**
     * Runs the command on FILE {@code repeats} times (stopping at the first failure), verifying OUT
     * each time, then as often on an empty file: its fixed cost.
     */
    private static Run measure(Bench b, Function<Path, List<String>> cmdFor, Path input, Path empty, Path out,
                               Path status, Path log, int repeats, long lines, String name)
            throws IOException, InterruptedException {
        b.progress("throughput: " + name);
        Run run = new Run(name);
        long limitMillis = 30_000 + lines / 20;
        for (int i = 0; i < 2 * repeats; i++) {
            boolean full = i < repeats;
            List<String> cmd = cmdFor.apply(full ? input : empty);
            Files.deleteIfExists(out);
            Files.deleteIfExists(status);
            Files.deleteIfExists(log);
            Process p = null;
            try {
                long t0 = System.nanoTime();
                p = b.procs().start(cmd, log);
                String stuck = awaitExit(p, status, limitMillis);
                long t1 = System.nanoTime();
                if (stuck != null) {
                    run.failure = stuck + tail(log);
                    return run;
                }
                if (p.exitValue() != 0) {
                    run.failure = "exit status " + p.exitValue() + tail(log);
                    return run;
                }
                if (!full) {
                    run.emptyWalls.add((t1 - t0) / 1e9);
                    continue;
                }
                run.walls.add((t1 - t0) / 1e9);
                run.verdict = Verdict.compare(input, out);
                run.separateLogProcess = Files.exists(status)
                        && Files.readString(status).lines().anyMatch(l -> l.startsWith("log start "));
                if (!run.verdict.ok) {
                    i = repeats - 1; // one mismatch says it: on to the empty-file runs
                }
            } finally {
                b.procs().stop(p, 3_000);
                Files.deleteIfExists(out);
            }
        }
        run.seconds = Stats.of(run.walls).p50();
        run.emptySeconds = run.emptyWalls.isEmpty() ? Double.NaN : Stats.of(run.emptyWalls).p50();
        return run;
    }

    /** Null once {@code p} has exited; otherwise why it was given up on. */
    private static String awaitExit(Process p, Path status, long limitMillis) throws InterruptedException,
            IOException {
        long deadline = System.nanoTime() + limitMillis * 1_000_000;
        for (int polls = 0; System.nanoTime() < deadline; polls++) {
            if (Procs.await(p, 100)) {
                return null;
            }
            if (polls % 5 == 4 && Files.exists(status)) {
                List<String> exits = Files.readString(status).lines().filter(l -> l.startsWith("log exit ")).toList();
                if (exits.size() >= 3) {
                    return "the log command keeps exiting ('" + exits.get(exits.size() - 1) + "')";
                }
            }
        }
        return "no exit within " + limitMillis / 1000 + " s";
    }

    private static String tail(Path log) {
        String last = Procs.lastLine(log);
        return last.isEmpty() ? "" : "; last output: " + last;
    }

    /** Writes {@code lines} numbered lines of exactly {@link #LINE} bytes. */
    static void generate(Path file, long lines) throws IOException {
        byte[] alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".getBytes(StandardCharsets.US_ASCII);
        byte[] line = new byte[LINE];
        try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            for (long i = 0; i < lines; i++) {
                long n = i;
                for (int d = 9; d >= 0; d--) {
                    line[d] = (byte) ('0' + n % 10);
                    n /= 10;
                }
                line[10] = ' ';
                for (int c = 11; c < LINE - 1; c++) {
                    line[c] = alphabet[(int) ((c + i) % alphabet.length)];
                }
                line[LINE - 1] = '\n';
                o.write(line);
            }
        }
    }

    /** The outcome of one variant. */
    private static final class Run {
        final String name;
        final List<Double> walls = new ArrayList<>();
        final List<Double> emptyWalls = new ArrayList<>();
        double seconds;
        double emptySeconds;
        Verdict verdict;
        boolean separateLogProcess;
        String failure;

        Run(String name) {
            this.name = name;
        }

        Figure figure(String label, long lines, boolean inProcessExpected) {
            if (failure != null) {
                return Figure.failed(label, failure);
            }
            double mb = lines * (double) LINE / 1e6;
            String net = emptySeconds < seconds ? String.format(java.util.Locale.ROOT,
                    "net of %.3f s on an empty file: %,.0f lines/s", emptySeconds, lines / (seconds - emptySeconds))
                    : "no net figure";
            Figure f = Figure.of(label, lines / seconds, Unit.LINES_PER_S).detail(String.format(java.util.Locale.ROOT,
                    "%.1f MB/s, %.3f s; %s; %s", mb / seconds, seconds, net, verdict.text));
            if (!verdict.ok) {
                f = f.invalid("lines lost or changed");
            }
            if (inProcessExpected && separateLogProcess) {
                f = f.invalid("dlog ran as a separate process, not in-process");
            }
            return f;
        }
    }

    /** Whether OUT holds exactly the bytes of FILE. */
    record Verdict(boolean ok, String text) {
        static Verdict compare(Path expected, Path actual) throws IOException {
            if (!Files.exists(actual)) {
                return new Verdict(false, "MISMATCH: no output file");
            }
            long lines = 0;
            long bytes = 0;
            long firstDiff = -1;
            byte[] a = new byte[1 << 20];
            byte[] e = new byte[1 << 20];
            try (InputStream ea = Files.newInputStream(expected); InputStream aa = Files.newInputStream(actual)) {
                while (true) {
                    int n = aa.readNBytes(a, 0, a.length);
                    if (n == 0) {
                        break;
                    }
                    int m = ea.readNBytes(e, 0, n);
                    if (firstDiff < 0) {
                        int at = Arrays.mismatch(a, 0, n, e, 0, m);
                        if (at >= 0) {
                            firstDiff = bytes + at;
                        }
                    }
                    for (int i = 0; i < n; i++) {
                        if (a[i] == '\n') {
                            lines++;
                        }
                    }
                    bytes += n;
                }
            }
            long expectedBytes = Files.size(expected);
            String counts = String.format(java.util.Locale.ROOT, "%,d lines, %,d bytes", lines, bytes);
            if (firstDiff < 0 && bytes == expectedBytes) {
                return new Verdict(true, "every line there: OK (" + counts + ")");
            }
            return new Verdict(false, "MISMATCH: " + counts + " of " + String.format(java.util.Locale.ROOT, "%,d",
                    expectedBytes) + (firstDiff >= 0 ? ", first difference at byte " + firstDiff : ""));
        }
    }
}
