package io.dmon.bench;

import io.dmon.bench.Figure.Target;
import io.dmon.bench.Figure.Unit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Supervisor memory: the resident set (VmRSS of /proc/PID/status, in MiB) of a dmon supervising
 * {@code sleep 1000}, read after it has settled for three seconds; the launcher execs java, so
 * the pid of the launched process is the JVM's. Two variants: no log command, and an in-process
 * {@code dlog OUT} (checked through the status file: no {@code log start} line). The child's
 * memory is not counted.
 *
 * <p>Floors: a bare JVM that only sleeps ({@link Sleeper}) with the launcher's flags, and with the
 * JVM's default flags.
 */
final class SupervisorMemory implements Measurement {
    private static final long SETTLE_MILLIS = 3_000;

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public Result run(Bench b) throws Exception {
        Result r = new Result(name(), "supervisor memory: VmRSS after " + SETTLE_MILLIS / 1000 + " s");
        Path status = b.file("memory.status");
        Figure floor = rss(b, "  floor: sleeping JVM, launcher flags", b.javaRunning(true, Sleeper.class), null);
        Figure plain = rss(b, "dmon -n sleep 1000", b.dmon("-n", "sleep", "1000"), null);
        Figure withLog = rss(b, "dmon -n sleep 1000 -- dlog OUT (in-process)", b.dmon("-n", "-I", status.toString(),
                "sleep", "1000", "--", b.launcher("dlog").toString(), b.file("memory.out").toString()), status);
        Figure defaults = rss(b, "  floor: sleeping JVM, default flags", b.javaRunning(false, Sleeper.class), null);
        Double f = floor.failure() == null ? floor.value() : null;
        r.add(f == null ? plain : plain.floor(f));
        withLog = withLog.target(Target.atMost(32));
        r.add(f == null || withLog.failure() != null ? withLog : withLog.floor(f));
        r.add(floor);
        r.add(defaults);
        r.note("the floors run with the launcher's flags (see the heading) and with the JVM's defaults");
        return r;
    }

    /** Starts {@code cmd}, lets it settle, reads its VmRSS, stops it. */
    private static Figure rss(Bench b, String label, List<String> cmd, Path status) throws Exception {
        b.progress("memory: " + label.strip());
        Path log = b.file("memory.log");
        Files.deleteIfExists(log);
        if (status != null) {
            Files.deleteIfExists(status);
        }
        Process p = null;
        try {
            p = b.procs().start(cmd, log);
            if (Procs.await(p, SETTLE_MILLIS)) {
                return Figure.failed(label, "exited with status " + p.exitValue() + ": " + Procs.lastLine(log));
            }
            long pid = p.pid();
            double mib = Procs.statusKib(pid, "VmRSS") / 1024.0;
            Figure fig = Figure.of(label, mib, Unit.MIB).detail(String.format(java.util.Locale.ROOT,
                    "anonymous %.1f MiB, file-backed %.1f MiB (shared with other JVMs), peak %.1f MiB; %d threads",
                    Procs.statusKib(pid, "RssAnon") / 1024.0, Procs.statusKib(pid, "RssFile") / 1024.0,
                    Procs.statusKib(pid, "VmHWM") / 1024.0, Procs.threads(pid)));
            if (status != null && Files.exists(status)
                    && Files.readString(status).lines().anyMatch(l -> l.startsWith("log start "))) {
                return Figure.failed(label, "dlog did not run in-process (the status file shows 'log start'), "
                        + "so this dmon's RSS leaves the log tool out");
            }
            return fig;
        } finally {
            b.procs().stop(p, 3_000);
        }
    }
}
