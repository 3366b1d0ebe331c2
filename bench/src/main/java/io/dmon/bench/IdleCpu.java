package io.dmon.bench;

import io.dmon.bench.Figure.Target;
import io.dmon.bench.Figure.Unit;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Idle CPU: the CPU time a dmon supervising {@code sleep 1000} uses while nothing happens, in
 * milliseconds per minute.
 *
 * <p>Method. dmon and the floors are started together and left to settle, then sampled at the
 * start and the end of the same window (60 s; quick: 10 s, scaled to a minute). Two readings:
 * utime+stime of /proc/PID/stat (clock ticks of 1/CLK_TCK s: 10 ms at 100 Hz, too coarse for a
 * few ms a minute, shown for reference) and the sum over threads of
 * /proc/PID/task/TID/schedstat (nanoseconds on a CPU), the headline. A thread that ends inside
 * the window takes its schedstat time with it; the thread counts at both ends are shown.
 *
 * <p>Floors: the sleeping JVM ({@link Sleeper}) with the launcher's flags, and with default flags.
 */
final class IdleCpu implements Measurement {
    @Override
    public String name() {
        return "idle";
    }

    @Override
    public Result run(Bench b) throws Exception {
        long windowMillis = b.quick() ? 10_000 : 60_000;
        long settleMillis = b.quick() ? 3_000 : 5_000;
        Result r = new Result(name(), "idle CPU of a supervisor: " + windowMillis / 1000 + " s window, per minute");
        List<Subject> subjects = List.of(
                new Subject("dmon -n sleep 1000", b.dmon("-n", "sleep", "1000")),
                new Subject("  floor: sleeping JVM, launcher flags", b.javaRunning(true, Sleeper.class)),
                new Subject("  floor: sleeping JVM, default flags", b.javaRunning(false, Sleeper.class)));
        long tickMillis = 1000 / Math.max(1, b.clockTicks());
        b.progress("idle: settle " + settleMillis / 1000 + " s, then a " + windowMillis / 1000 + " s window");
        try {
            for (Subject s : subjects) {
                s.process = b.procs().start(s.cmd, b.file("idle-" + subjects.indexOf(s) + ".log"));
            }
            Thread.sleep(settleMillis);
            for (Subject s : subjects) {
                s.sample(true);
            }
            Thread.sleep(windowMillis);
            for (Subject s : subjects) {
                s.sample(false);
            }
        } finally {
            for (Subject s : subjects) {
                b.procs().stop(s.process, 3_000);
            }
        }
        double perMinute = 60_000.0 / windowMillis;
        List<Figure> figures = new ArrayList<>();
        for (Subject s : subjects) {
            if (s.failure != null) {
                figures.add(Figure.failed(s.label, s.failure));
                continue;
            }
            double ticksMs = (s.ticks[1] - s.ticks[0]) * tickMillis * perMinute;
            String threads = s.threads[0] == s.threads[1] ? s.threads[0] + " threads"
                    : s.threads[0] + " -> " + s.threads[1] + " threads (schedstat misses the ended ones)";
            String detail = String.format(java.util.Locale.ROOT, "utime+stime: %.0f ms/min (%d ms ticks); %s",
                    ticksMs, tickMillis, threads);
            if (s.nanos[0] < 0) {
                figures.add(Figure.of(s.label, ticksMs, Unit.MS_PER_MIN).detail(detail + "; no schedstat"));
            } else {
                figures.add(Figure.of(s.label, (s.nanos[1] - s.nanos[0]) / 1e6 * perMinute, Unit.MS_PER_MIN)
                        .detail(detail));
            }
        }
        Figure dmon = figures.get(0);
        if (dmon.failure() == null) {
            dmon = dmon.target(Target.below(5));
            if (figures.get(1).failure() == null) {
                dmon = dmon.floor(figures.get(1).value());
            }
        }
        r.add(dmon);
        figures.subList(1, figures.size()).forEach(r::add);
        r.note("settled " + settleMillis / 1000 + " s first; all three run side by side in the same window");
        return r;
    }

    /** One process followed through the window. */
    private static final class Subject {
        final String label;
        final List<String> cmd;
        Process process;
        final long[] ticks = new long[2];
        final long[] nanos = new long[2];
        final int[] threads = new int[2];
        String failure;

        Subject(String label, List<String> cmd) {
            this.label = label;
            this.cmd = cmd;
        }

        void sample(boolean first) {
            if (failure != null) {
                return;
            }
            int i = first ? 0 : 1;
            try {
                if (!process.isAlive()) {
                    failure = "exited with status " + process.exitValue() + " before the window " + (first ? "began" : "ended");
                    return;
                }
                long pid = process.pid();
                ticks[i] = Procs.cpuTicks(pid);
                nanos[i] = Procs.cpuNanos(pid);
                threads[i] = Procs.threads(pid);
            } catch (IOException e) {
                failure = "cannot read /proc: " + e.getMessage();
            }
        }
    }
}
