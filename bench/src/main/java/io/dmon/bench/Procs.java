package io.dmon.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Starts the processes the benchmark measures (stdin from /dev/null, stdout and stderr to a file,
 * a fixed environment), stops them with their descendants, and reads what Linux reports about
 * them in /proc. Every process it starts is remembered until stopped, so that a shutdown hook can
 * kill what an interrupted run left behind.
 */
final class Procs {
    private final Map<String, String> env;
    private final Set<Process> live = ConcurrentHashMap.newKeySet();

    Procs(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** Starts {@code cmd}; its stdout and stderr are appended to {@code log} (null: discarded). */
    Process start(List<String> cmd, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectInput(new File("/dev/null"))
                .redirectErrorStream(true)
                .redirectOutput(log == null ? ProcessBuilder.Redirect.DISCARD
                        : ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.start();
        live.add(p);
        return p;
    }

    /** Starts {@code cmd} with its stdout as a pipe to read; stderr is appended to {@code log}. */
    Process startPiped(List<String> cmd, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectInput(new File("/dev/null"))
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.start();
        live.add(p);
        return p;
    }

    /** Waits up to {@code millis} for {@code p} to exit; true when it did. */
    static boolean await(Process p, long millis) throws InterruptedException {
        return p.waitFor(millis, TimeUnit.MILLISECONDS);
    }

    /**
     * Stops {@code p} and everything below it: TERM to {@code p} (dmon then stops its children),
     * up to {@code graceMillis} to exit, then KILL; then KILL to any descendant still there.
     */
    void stop(Process p, long graceMillis) throws InterruptedException {
        if (p == null) {
            return;
        }
        List<ProcessHandle> below = p.descendants().toList();
        if (p.isAlive()) {
            p.destroy();
            if (!p.waitFor(graceMillis, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(2, TimeUnit.SECONDS);
            }
        }
        for (ProcessHandle h : below) {
            if (h.isAlive()) {
                h.destroyForcibly();
            }
        }
        live.remove(p);
    }

    /** Kills whatever is still running (shutdown hook; no grace). */
    void killAll() {
        for (Process p : live) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        live.clear();
    }

    /** The last non-blank line of a log file, for failure messages; "" when there is none. */
    static String lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (!lines.get(i).isBlank()) {
                    return lines.get(i).strip();
                }
            }
        } catch (IOException e) {
            // no log: nothing to add
        }
        return "";
    }

    /** A size field of /proc/PID/status in KiB: VmRSS, RssAnon, RssFile, RssShmem, VmHWM. */
    static long statusKib(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").strip());
            }
        }
        throw new IOException("no " + field + " for pid " + pid);
    }

    /** utime + stime of /proc/PID/stat, in clock ticks (every thread, live or gone). */
    static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        // After "pid (comm) ": field 3 is state; utime and stime are fields 14 and 15.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /**
     * Nanoseconds on a CPU, summed over the live threads' /proc/PID/task/TID/schedstat; -1 when
     * the kernel has no schedstat. Time of threads that ended is not in the sum.
     */
    static long cpuNanos(long pid) throws IOException {
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        long sum = 0;
        try (Stream<Path> s = Files.list(tasks)) {
            for (Path t : s.toList()) {
                Path f = t.resolve("schedstat");
                if (!Files.exists(f)) {
                    return -1;
                }
                try {
                    sum += Long.parseLong(Files.readString(f).strip().split(" ")[0]);
                } catch (IOException e) {
                    // the thread ended while we listed: its time is gone either way
                }
            }
        }
        return sum;
    }

    /** Number of threads (Threads: of /proc/PID/status). */
    static int threads(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("Threads:")) {
                return Integer.parseInt(line.substring(8).strip());
            }
        }
        return -1;
    }
}
