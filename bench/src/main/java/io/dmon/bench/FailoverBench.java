package io.dmon.bench;

import io.dmon.bench.Figure.Unit;
import io.dmon.proto.v1.HostView;
import io.dmon.proto.v1.JobSpec;
import io.dmon.proto.v1.JobState;
import io.dmon.proto.v1.JobView;
import io.dmon.proto.v1.ListJobsRequest;
import io.dmon.proto.v1.LogChunk;
import io.dmon.proto.v1.LogLine;
import io.dmon.proto.v1.LogsRequest;
import io.dmon.proto.v1.OperatorServiceGrpc;
import io.dmon.proto.v1.RunRequest;
import io.grpc.Context;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Coordinator failure on loopback ({@code --only failover}; not in the default run), every
 * coordinator and agent a JVM of its own:
 * <ul>
 *   <li>the extra latency of a log line from the ring's backup: two coordinators with
 *       {@code --backup-count 0} (the floor) and then 1, a job echoing what the benchmark writes
 *       into a FIFO, the line stamped when a LogChunks follow stream on the other coordinator delivers it;
 *   <li>failover time: three coordinators (backup 1), the one holding the agent's session killed
 *       with -9, until another one lists the host UP with a live coordinator and the agent's job
 *       RUNNING; repeated, the killed one restarted between rounds;
 *   <li>replay throughput: every coordinator killed, a job prints N lines into the agent's spool,
 *       one coordinator starts with empty memory; from the agent's new session to the N-th line
 *       being stored.
 * </ul>
 */
final class FailoverBench implements Measurement {
    private static final long POLL_MILLIS = 10;

    @Override
    public String name() {
        return "failover";
    }

    @Override
    public Result run(Bench b) throws Exception {
        boolean quick = b.quick();
        Result r = new Result(name(), "coordinator failure on loopback: clusters of coordinators, one agent (separate JVMs)");
        List<Double> floor = backupLatency(b, r, 0, quick ? 30 : 100, null);
        backupLatency(b, r, 1, quick ? 30 : 100, floor);
        try (BenchCluster cluster = BenchCluster.start(b, "failover", 3, 1)) {
            cluster.startAgent("a1");
            failover(b, cluster, r, quick ? 3 : 10);
            replay(b, cluster, r, quick ? 100_000 : 500_000);
        }
        r.note("times are stamped by the benchmark with System.nanoTime and polled every " + POLL_MILLIS
                + " ms over gRPC; p99 is nearest-rank (with 10 samples, the maximum)");
        r.note("the benchmark's JVM shares the " + Runtime.getRuntime().availableProcessors()
                + " CPUs with the coordinators and the agent it measures");
        return r;
    }

    /**
     * Line written -> readable through the other coordinator, with {@code --backup-count backups}:
     * polled with LogChunks tail 1 as fast as it answers (the sharp figure), and as a LogChunks follow
     * stream delivers it (what an operator sees: the coordinator polls the ring for followers
     * every 100 ms, which dominates). Lines are written at random gaps, so they do not fall in
     * step with that poll.
     *
     * @return the polled samples (ms)
     */
    private static List<Double> backupLatency(Bench b, Result r, int backups, int tokens, List<Double> floor)
            throws IOException, InterruptedException {
        String label = "log line latency, backup count " + backups + " (written -> readable on the other member)";
        String followLabel = "  the same, as LogChunks follow delivers it";
        b.progress("failover: log latency with backup count " + backups + ", " + tokens + " lines");
        List<Double> ms = new ArrayList<>();
        List<Double> followed = new ArrayList<>();
        java.util.Random random = new java.util.Random(42);
        String failure = null;
        try (BenchCluster cluster = BenchCluster.start(b, "backup" + backups, 2, backups)) {
            cluster.startAgent("a1");
            Path fifo = b.fifo("backup" + backups);
            String id = run(cluster, 0, "lat", "exec 3<>'" + fifo + "'; echo ready; while read x <&3; do echo \"L $x\"; done");
            try (LineFollower follower = new LineFollower(cluster, 1, id);
                 OutputStream w = new FileOutputStream(fifo.toFile())) {
                if (follower.await("ready", 30_000) == 0) {
                    failure = "the follower never got the job's 'ready' line";
                }
                for (int k = 0; k < tokens && failure == null; k++) {
                    String token = "t" + k;
                    long t0 = System.nanoTime();
                    w.write((token + "\n").getBytes(StandardCharsets.US_ASCII));
                    w.flush();
                    long polled = 0;
                    long limit = t0 + TimeUnit.SECONDS.toNanos(10);
                    while (System.nanoTime() < limit) {
                        if (("L " + token).equals(lastLine(cluster, 1, id))) {
                            polled = System.nanoTime();
                            break;
                        }
                    }
                    long t1 = follower.await("L " + token, 10_000);
                    if (polled == 0 || t1 == 0) {
                        failure = "line " + token + " not readable within 10 s";
                        break;
                    }
                    ms.add((polled - t0) / 1e6);
                    followed.add((t1 - t0) / 1e6);
                    Thread.sleep(30 + random.nextInt(120));
                }
            }
        }
        if (ms.isEmpty()) {
            r.add(Figure.failed(label, failure));
            return List.of();
        }
        Stats s = Stats.of(ms);
        Figure p50 = Figure.of(label + ", p50", s.p50(), Unit.MS).detail(String.format(Locale.ROOT,
                "%d lines 30-150 ms apart, polled with LogChunks tail 1; min %.1f ms, max %.1f ms%s", s.count(), s.min(), s.max(),
                failure == null ? "" : "; stopped early: " + failure));
        Figure p99 = Figure.of(label + ", p99", s.p99(), Unit.MS);
        if (floor != null && !floor.isEmpty()) {
            p50 = p50.floor(Stats.of(floor).p50());
            p99 = p99.floor(Stats.of(floor).p99());
            r.add(p50).add(p99);
            r.add(Figure.of("  extra per line from one backup, p50", s.p50() - Stats.of(floor).p50(), Unit.MS)
                    .detail("backup count 1 minus backup count 0, same machine, same run"));
        } else {
            r.add(p50).add(p99);
        }
        Stats f = Stats.of(followed);
        r.add(Figure.of(followLabel + ", p50", f.p50(), Unit.MS));
        r.add(Figure.of(followLabel + ", p99", f.p99(), Unit.MS));
        r.samples("log_latency_backup" + backups + "_ms", ms);
        r.samples("log_follow_latency_backup" + backups + "_ms", followed);
        return ms;
    }

    /** Kill -9 of the agent's coordinator -> another lists the host UP and its job RUNNING. */
    private static void failover(Bench b, BenchCluster cluster, Result r, int rounds) throws IOException, InterruptedException {
        String label = "failover: coordinator killed -9 -> agent's state visible through another";
        String id = run(cluster, 0, "beat", "i=0; while :; do i=$((i+1)); echo $i; sleep 0.1; done");
        List<Double> ms = new ArrayList<>();
        String failure = null;
        for (int round = 0; round < rounds && failure == null; round++) {
            int holder = awaitHolder(cluster, 30_000);
            if (holder < 0) {
                failure = "no coordinator holds the agent's session";
                break;
            }
            int other = (holder + 1) % cluster.size();
            b.progress("failover: round " + (round + 1) + " of " + rounds + ", killing coordinator " + holder);
            long t0 = System.nanoTime();
            cluster.kill9(holder);
            long deadline = t0 + TimeUnit.SECONDS.toNanos(60);
            long t1 = 0;
            while (System.nanoTime() < deadline) {
                if (visibleElsewhere(cluster, other, holder, id)) {
                    t1 = System.nanoTime();
                    break;
                }
                Thread.sleep(POLL_MILLIS);
            }
            if (t1 == 0) {
                failure = "round " + (round + 1) + ": the agent was not visible through coordinator " + other + " within 60 s";
                break;
            }
            ms.add((t1 - t0) / 1e6);
            cluster.startCoordinator(holder);
            // Let the restarted member take its share of partitions before the next kill.
            Thread.sleep(3000);
        }
        if (ms.isEmpty()) {
            r.add(Figure.failed(label, failure));
            return;
        }
        Stats s = Stats.of(ms);
        r.add(Figure.of(label + ", p50", s.p50(), Unit.MS).detail(String.format(Locale.ROOT,
                "%d rounds, 3 coordinators, backup count 1; min %.0f ms, max %.0f ms%s", s.count(), s.min(), s.max(),
                failure == null ? "" : "; stopped early: " + failure)));
        r.add(Figure.of(label + ", p99", s.p99(), Unit.MS));
        r.samples("failover_ms", ms);
    }

    private static boolean visibleElsewhere(BenchCluster cluster, int via, int dead, String id) {
        Optional<HostView> h = cluster.hostVia(via, "a1");
        if (h.isEmpty() || !h.get().getUp()) {
            return false;
        }
        int now = cluster.indexOf(h.get().getCoordinator());
        return now >= 0 && now != dead && cluster.alive(now) && state(cluster, via, id) == JobState.RUNNING;
    }

    /** Every coordinator killed, N lines spooled, one coordinator back with empty memory. */
    private static void replay(Bench b, BenchCluster cluster, Result r, int lines) throws IOException, InterruptedException {
        String label = "replay after an outage: " + lines + " spooled lines, new session -> last line stored";
        Path go = b.file("replay.go");
        Path done = b.file("replay.done");
        String id = run(cluster, awaitHolder(cluster, 30_000), "replay", "while [ ! -e '" + go + "' ]; do sleep 0.05; done; seq 1 "
                + lines + "; touch '" + done + "'; exec sleep 100000");
        b.progress("failover: replay, every coordinator killed, " + lines + " lines into the spool");
        for (int i = 0; i < cluster.size(); i++) {
            if (cluster.alive(i)) {
                cluster.kill9(i);
            }
        }
        Files.writeString(go, "");
        Path spool = b.file("failover-agent-a1").resolve("spool");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        long size = -1;
        while (System.nanoTime() < deadline) {
            long now = bytes(spool);
            if (Files.exists(done) && now == size) {
                break;
            }
            size = now;
            Thread.sleep(300);
        }
        if (!Files.exists(done)) {
            r.add(Figure.failed(label, "the job did not print its lines within 120 s"));
            return;
        }
        long t0 = System.nanoTime();
        cluster.startCoordinator(0);
        long started = System.nanoTime();
        long registered = 0;
        long stored = 0;
        String last = Integer.toString(lines);
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (System.nanoTime() < deadline) {
            if (registered == 0 && cluster.hostVia(0, "a1").filter(HostView::getUp).isPresent()) {
                registered = System.nanoTime();
            }
            if (registered != 0 && last.equals(lastLine(cluster, 0, id))) {
                stored = System.nanoTime();
                break;
            }
            Thread.sleep(POLL_MILLIS);
        }
        if (stored == 0) {
            r.add(Figure.failed(label, "line " + last + " not stored within 300 s of the coordinator's start"));
            return;
        }
        double seconds = (stored - registered) / 1e9;
        r.add(Figure.of("replay throughput after an outage", lines / seconds, Unit.LINES_PER_S).detail(String.format(
                Locale.ROOT, "%d lines (%.1f MiB of spool), new session -> last line stored in %.2f s; the coordinator took"
                        + " %.1f s to start and the agent %.1f s more to register", lines, size / 1048576.0, seconds,
                (started - t0) / 1e9, (registered - started) / 1e9)));
        r.samples("replay_seconds", List.of(seconds));
    }

    /** Runs {@code sh -c script} as job NAME@a1 through coordinator {@code via}; returns once RUNNING. */
    private static String run(BenchCluster cluster, int via, String name, String script) throws IOException, InterruptedException {
        RunRequest req = RunRequest.newBuilder().addHosts("a1").setName(name).setSpec(JobSpec.newBuilder()
                .addCommand("sh").addCommand("-c").addCommand(script).setMaxRespawns(-1)).build();
        String id = cluster.operator(via).run(req).getJobs(0).getId();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (state(cluster, via, id) == JobState.RUNNING) {
                return id;
            }
            Thread.sleep(50);
        }
        throw new IOException("job " + id + " not RUNNING within 60 s");
    }

    private static JobState state(BenchCluster cluster, int via, String id) {
        try {
            List<JobView> jobs = cluster.operator(via).listJobs(ListJobsRequest.newBuilder().addJobIds(id).build()).getJobsList();
            return jobs.isEmpty() || !jobs.get(0).hasStatus() ? JobState.JOB_STATE_UNSPECIFIED : jobs.get(0).getStatus().getState();
        } catch (RuntimeException e) {
            return JobState.JOB_STATE_UNSPECIFIED;
        }
    }

    /** The newest stored line of the job, through coordinator {@code via}; null when none or no answer. */
    private static String lastLine(BenchCluster cluster, int via, String id) {
        try {
            Iterator<LogChunk> it = cluster.operator(via).logChunks(LogsRequest.newBuilder().addJobIds(id).setTail(1).build());
            String last = null;
            while (it.hasNext()) {
                for (LogLine line : it.next().getLinesList()) {
                    last = line.getLine().toStringUtf8();
                }
            }
            return last;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static int awaitHolder(BenchCluster cluster, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < deadline) {
            Optional<HostView> h = cluster.host("a1");
            if (h.isPresent() && h.get().getUp()) {
                int i = cluster.indexOf(h.get().getCoordinator());
                if (i >= 0 && cluster.alive(i)) {
                    return i;
                }
            }
            Thread.sleep(POLL_MILLIS);
        }
        return -1;
    }

    private static long bytes(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    /** A LogChunks follow stream of one job on one coordinator, each line stamped as it arrives. */
    private static final class LineFollower implements AutoCloseable {
        private record Stamped(String text, long nanos) { }

        private final BlockingQueue<Stamped> lines = new LinkedBlockingQueue<>();
        private final Context.CancellableContext context = Context.current().withCancellation();
        private final Thread reader;

        LineFollower(BenchCluster cluster, int via, String id) {
            LogsRequest req = LogsRequest.newBuilder().addJobIds(id).setTail(-1).setFollow(true).build();
            reader = new Thread(() -> context.run(() -> {
                try {
                    Iterator<LogChunk> it = OperatorServiceGrpc.newBlockingStub(cluster.channel(via)).logChunks(req);
                    while (it.hasNext()) {
                        LogChunk chunk = it.next();
                        long now = System.nanoTime();
                        for (LogLine line : chunk.getLinesList()) {
                            lines.add(new Stamped(line.getLine().toStringUtf8(), now));
                        }
                    }
                } catch (RuntimeException e) {
                    // cancelled, or the coordinator went away
                }
            }), "failover-follower");
            reader.setDaemon(true);
            reader.start();
        }

        /** When {@code text} arrived (System.nanoTime), skipping other lines; 0 when not within {@code millis}. */
        long await(String text, long millis) throws InterruptedException {
            long deadline = System.nanoTime() + millis * 1_000_000;
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return 0;
                }
                Stamped s = lines.poll(left, TimeUnit.NANOSECONDS);
                if (s != null && s.text().equals(text)) {
                    return s.nanos();
                }
            }
        }

        @Override
        public void close() {
            context.cancel(null);
        }
    }
}
