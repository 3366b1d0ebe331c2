package io.dmon.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A {@code dmonctl logs -f -n 1 JOB} child whose stdout a thread reads, stamping each line with
 * System.nanoTime as it is read: the moment the benchmark sees what the operator would see.
 */
final class LogsFollowProcess implements AutoCloseable {
    private final Bench bench;
    private final Process process;
    private final BlockingQueue<Line> lines = new LinkedBlockingQueue<>();
    private final Thread reader;

    private LogsFollowProcess(Bench bench, Process process) {
        this.bench = bench;
        this.process = process;
        this.reader = new Thread(this::read, "fleet-follower");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts the follower of {@code job}, trying again while the coordinator does not know it yet. */
    static LogsFollowProcess start(Bench b, Fleet fleet, String job) throws IOException, InterruptedException {
        for (int attempt = 0; ; attempt++) {
            Process p = b.procs().startPiped(fleet.dmonctl("logs", "-f", "-n", "1", job), b.file("follower.log"));
            if (attempt >= 5 || !Procs.await(p, 1_500) || p.exitValue() == 0) {
                return new LogsFollowProcess(b, p);
            }
            b.procs().stop(p, 1_000);
        }
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8), 1 << 16)) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(new Line(line, System.nanoTime()));
            }
        } catch (IOException e) {
            // the follower was stopped
        }
    }

    /**
     * The first line (skipping others) that matches, or null when none came within {@code millis}
     * or the follower ended.
     */
    Line await(Predicate<String> wanted, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            Line l = lines.poll(Math.min(left, 200_000_000L), TimeUnit.NANOSECONDS);
            if (l != null && wanted.test(l.text)) {
                return l;
            }
            if (l == null && !process.isAlive() && lines.isEmpty()) {
                return null;
            }
        }
    }

    /** The next line, or null after {@code millis} without one. */
    Line next(long millis) throws InterruptedException {
        return lines.poll(millis, TimeUnit.MILLISECONDS);
    }

    /** Why the follower ended, for failure messages. */
    String why() {
        return process.isAlive() ? "follower still running" : "follower exited with status " + process.exitValue()
                + ": " + Procs.lastLine(bench.file("follower.log"));
    }

    @Override
    public void close() throws InterruptedException {
        bench.procs().stop(process, 2_000);
        reader.join(2_000);
    }

    /** A line and when the benchmark read it. */
    record Line(String text, long nanos) {
    }
}
