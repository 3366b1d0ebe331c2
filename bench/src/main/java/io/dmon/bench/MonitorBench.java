package io.dmon.bench;

import io.dmon.bench.Figure.Target;
import io.dmon.bench.Figure.Unit;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The per-job monitor ({@code lib/dmon-monitor}, issue 16): what it costs per job while its job
 * idles, how long re-attaching to all of them takes, and how many lines one moves into its store.
 *
 * <p>Method. N monitors (200; quick: 50) are started as an agent starts them, each running
 * {@code sleep 600} as run 1 and then left detached. After 3 s: VmRSS, RssAnon, RssFile of
 * /proc/PID/status and Pss of /proc/PID/smaps_rollup of every monitor (Pss shares the pages of
 * the one static binary among all of them: the memory each really adds). Then utime+stime and
 * schedstat of every monitor at both ends of a window (60 s; quick: 10 s), per monitor and
 * minute. Floors, measured in the same run: the {@code sleep 600} processes themselves (a bare
 * process that only sleeps). Then one client connects to every monitor in turn and takes its
 * hello, state and pong (what a restarted agent does per job), checking that each still reports
 * its run with the same pid. Last, one monitor's run prints lines as fast as it can ({@code yes |
 * head}); the time from {@code start} to {@code eof} beside the same pipeline writing to a file.
 * Then the same number of jobs through a real agent, killed with -9 and stopped with TERM, each
 * time started again and timed until every job is re-attached ({@link AgentReattach}).
 */
final class MonitorBench implements Measurement {
    private static final long SETTLE_MILLIS = 3_000;
    private static final String LINE = "0123456789012345678901234567890123456789012345678901234567890";

    @Override
    public String name() {
        return "monitor";
    }

    /** One monitor and its run, known by pid and start time. */
    private record Mon(Path dir, long pid, long start, long jobPid, long jobStart) {
    }

    @Override
    public Result run(Bench b) throws Exception {
        int n = b.quick() ? 50 : 200;
        long windowMillis = b.quick() ? 10_000 : 60_000;
        Result r = new Result(name(), "per-job monitor: " + n + " monitors each running sleep 600");
        Path program = b.libFile("dmon-monitor");
        if (!Files.isExecutable(program)) {
            return r.fail("no executable " + program + " (build first: ./mvnw -q -DskipTests package)");
        }
        String sleep = Files.isExecutable(Path.of("/bin/sleep")) ? "/bin/sleep" : "/usr/bin/sleep";
        List<Mon> mons = new ArrayList<>();
        Thread cleanup = new Thread(() -> killAll(mons), "dmon-bench-monitors");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            b.progress("monitor: starting " + n + " monitors");
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                mons.add(launch(program, b.file("mon").resolve(Integer.toString(i)), List.of(sleep, "sleep", "600"), true));
            }
            double startMs = (System.nanoTime() - t0) / 1e6;
            Thread.sleep(SETTLE_MILLIS);
            memory(r, mons);
            b.progress("monitor: idle window of " + windowMillis / 1000 + " s");
            idle(r, mons, windowMillis, b.clockTicks());
            r.add(Figure.of("start a monitor and its run (mean of " + n + ")", startMs / n, Unit.MS)
                    .detail("launch (the launcher returns once the monitor listens), attach, start 1, detach"));
            reattach(r, mons);
            throughput(r, b, program);
        } finally {
            killAll(mons);
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
        AgentReattach.measure(b, r);
        r.note("static C program, one per job; poll() without a timeout while idle. Floors: the jobs"
                + " themselves (sleep 600), measured in the same run");
        return r;
    }

    private void memory(Result r, List<Mon> mons) throws IOException {
        List<Double> rss = new ArrayList<>();
        List<Double> anon = new ArrayList<>();
        List<Double> file = new ArrayList<>();
        List<Double> pss = new ArrayList<>();
        List<Double> jobRss = new ArrayList<>();
        for (Mon m : mons) {
            rss.add((double) Procs.statusKib(m.pid(), "VmRSS"));
            anon.add((double) Procs.statusKib(m.pid(), "RssAnon"));
            file.add((double) Procs.statusKib(m.pid(), "RssFile"));
            pss.add((double) pssKib(m.pid()));
            jobRss.add((double) Procs.statusKib(m.jobPid(), "VmRSS"));
        }
        double floor = mean(jobRss);
        r.add(Figure.of("monitor VmRSS (mean of " + mons.size() + ")", mean(rss), Unit.KIB)
                .target(Target.atMost(2048)).floor(floor)
                .detail(String.format(Locale.ROOT, "max %.0f KiB; anonymous %.0f KiB, file-backed %.0f KiB (its binary,"
                        + " shared by all monitors); Pss %.0f KiB (its real share)", Stats.of(rss).max(), mean(anon),
                        mean(file), mean(pss))));
        r.add(Figure.of("  floor: sleep 600, VmRSS (mean)", floor, Unit.KIB)
                .detail(String.format(Locale.ROOT, "max %.0f KiB", Stats.of(jobRss).max())));
        r.samples("monitor_vmrss_kib", rss);
        r.samples("monitor_pss_kib", pss);
    }

    private void idle(Result r, List<Mon> mons, long windowMillis, long clockTicks) throws Exception {
        long[][] before = cpu(mons);
        Thread.sleep(windowMillis);
        long[][] after = cpu(mons);
        int alive = 0;
        for (Mon m : mons) {
            alive += startTime(m.pid()) == m.start() && startTime(m.jobPid()) == m.jobStart() ? 1 : 0;
        }
        double perMinute = 60_000.0 / windowMillis / mons.size();
        double tickMs = 1000.0 / Math.max(1, clockTicks);
        double monNanos = (after[1][0] - before[1][0]) / 1e6 * perMinute;
        double jobNanos = (after[1][1] - before[1][1]) / 1e6 * perMinute;
        double monTicks = (after[0][0] - before[0][0]) * tickMs * perMinute;
        double jobTicks = (after[0][1] - before[0][1]) * tickMs * perMinute;
        Figure fig = Figure.of("monitor idle CPU per minute (schedstat, mean)", monNanos, Unit.MS_PER_MIN)
                .target(Target.atMost(1))
                .detail(String.format(Locale.ROOT, "%d ns on a CPU over all %d in %d s; utime+stime: %.3f ms/min"
                        + " (%d ticks)", after[1][0] - before[1][0], mons.size(), windowMillis / 1000, monTicks,
                        after[0][0] - before[0][0]));
        // A floor of zero has no ratio to show; it stays in its own row.
        fig = jobNanos > 0 ? fig.floor(jobNanos) : fig;
        r.add(alive == mons.size() ? fig : fig.invalid((mons.size() - alive) + " monitors or runs ended in the window"));
        r.add(Figure.of("  floor: sleep 600 idle CPU per minute", jobNanos, Unit.MS_PER_MIN)
                .detail(String.format(Locale.ROOT, "%d ns over all; utime+stime: %.3f ms/min",
                        after[1][1] - before[1][1], jobTicks)));
    }

    /** {{ticks of monitors, ticks of jobs}, {nanos of monitors, nanos of jobs}}, summed. */
    private static long[][] cpu(List<Mon> mons) throws IOException {
        long[][] sums = new long[2][2];
        for (Mon m : mons) {
            sums[0][0] += Procs.cpuTicks(m.pid());
            sums[0][1] += Procs.cpuTicks(m.jobPid());
            sums[1][0] += Procs.cpuNanos(m.pid());
            sums[1][1] += Procs.cpuNanos(m.jobPid());
        }
        return sums;
    }

    private void reattach(Result r, List<Mon> mons) throws IOException {
        int wrong = 0;
        long t0 = System.nanoTime();
        for (Mon m : mons) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            try (MonitorSocket s = MonitorSocket.connect(m.dir())) {
                s.readUntil("hello ", deadline);
                s.send("ping");
                boolean same = false;
                for (String line; !(line = s.readLine(deadline)).equals("pong"); ) {
                    same |= line.startsWith("run 1 " + m.jobPid() + " " + m.jobStart() + " ");
                }
                wrong += same ? 0 : 1;
            }
        }
        double ms = (System.nanoTime() - t0) / 1e6;
        Figure all = Figure.of("re-attach to all " + mons.size() + " (hello, state, pong)", ms, Unit.MS)
                .detail(String.format(Locale.ROOT, "%.3f ms a monitor, one after another", ms / mons.size()));
        r.add(wrong == 0 ? all : all.invalid(wrong + " monitors did not report their run as started"));
    }

    private void throughput(Result r, Bench b, Path program) throws Exception {
        int lines = b.quick() ? 200_000 : 1_000_000;
        String pipeline = "yes " + LINE + " | head -n " + lines;
        b.progress("monitor: " + lines + " lines through one monitor");
        Mon m = null;
        Path dir = b.file("mon").resolve("tp");
        try {
            m = launch(program, dir, List.of("/bin/sh", "sh", "-c", pipeline), false, "--store-bytes", Long.toString(1L << 30),
                    "--segment-bytes", Long.toString(16L << 20));
            double seconds;
            long peakKib;
            try (MonitorSocket s = MonitorSocket.connect(dir)) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
                s.readUntil("hello ", deadline);
                long t0 = System.nanoTime();
                s.send("start 1");
                String eof = s.readUntil("eof 1 ", deadline);
                seconds = (System.nanoTime() - t0) / 1e9;
                peakKib = Procs.statusKib(m.pid(), "VmHWM");
                if (!eof.equals("eof 1 " + lines)) {
                    r.add(Figure.failed("lines through one monitor", "the run ended with '" + eof + "'"));
                    return;
                }
            }
            Path file = b.file("tp.out");
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder("sh", "-c", pipeline + " > " + file).start();
            p.waitFor(300, TimeUnit.SECONDS);
            double floorSeconds = (System.nanoTime() - t0) / 1e9;
            double bytes = lines * (LINE.length() + 1.0);
            r.add(Figure.of("lines through one monitor into its store", lines / seconds, Unit.LINES_PER_S)
                    .floor(lines / floorSeconds)
                    .detail(String.format(Locale.ROOT, "%,d lines of %d bytes in %.2f s (%.0f MB/s of output); floor:"
                            + " the same pipeline into a file, %.2f s", lines, LINE.length() + 1, seconds,
                            bytes / seconds / 1e6, floorSeconds)));
            r.add(Figure.of("monitor peak RSS (VmHWM) after those lines", peakKib, Unit.KIB).target(Target.atMost(2048))
                    .detail("its line buffers, touched once, stay resident"));
        } finally {
            if (m != null) {
                killAll(List.of(m));
            }
        }
    }

    /** Starts a monitor in {@code dir} for {@code path argv...}; with {@code startRun}, attaches, starts run 1 and detaches. */
    private static Mon launch(Path program, Path dir, List<String> pathAndArgv, boolean startRun, String... options)
            throws Exception {
        Files.createDirectories(dir.getParent());
        List<String> cmd = new ArrayList<>(List.of(program.toString(), "--dir", dir.toString(), "--path",
                pathAndArgv.get(0)));
        cmd.addAll(List.of(options));
        cmd.add("--");
        cmd.addAll(pathAndArgv.subList(1, pathAndArgv.size()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/local/bin:/usr/bin:/bin");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("dmon-monitor did not start: " + out);
        }
        String[] w = out.split(" ");
        long pid = Long.parseLong(w[0]);
        long start = Long.parseLong(w[1]);
        if (!startRun) {
            return new Mon(dir, pid, start, 0, 0);
        }
        try (MonitorSocket s = MonitorSocket.connect(dir)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            s.readUntil("hello ", deadline);
            s.send("start 1");
            String[] run = s.readUntil("run 1 ", deadline).split(" ");
            s.readUntil("ok start", deadline);
            s.send("detach");
            s.readUntil("bye", deadline);
            return new Mon(dir, pid, start, Long.parseLong(run[2]), Long.parseLong(run[3]));
        }
    }

    /** Kills each monitor that is still the same process; its run dies with it (PR_SET_PDEATHSIG). */
    private static void killAll(List<Mon> mons) {
        for (Mon m : List.copyOf(mons)) {
            if (startTime(m.pid()) == m.start()) {
                ProcessHandle.of(m.pid()).ifPresent(ProcessHandle::destroyForcibly);
            }
            if (m.jobPid() > 0 && startTime(m.jobPid()) == m.jobStart()) {
                ProcessHandle.of(m.jobPid()).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    /** Field 22 of /proc/PID/stat, or -1 when the process is gone. */
    private static long startTime(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[19]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long pssKib(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps_rollup"))) {
            if (line.startsWith("Pss:")) {
                return Long.parseLong(line.substring(4).replace("kB", "").strip());
            }
        }
        throw new IOException("no Pss for pid " + pid);
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }
}
