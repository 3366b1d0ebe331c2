package io.dmon.bench;

import io.dmon.bench.Figure.Target;
import io.dmon.bench.Figure.Unit;
import io.dmon.proto.v1.LogChunk;
import io.dmon.proto.v1.LogLine;
import io.dmon.proto.v1.LogsRequest;
import io.dmon.proto.v1.OperatorServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Central log viewing on loopback, against a floor in the same run: two coordinators (separate
 * JVMs, backup count 1, so a stored line is acknowledged once its backup holds it) and agents as
 * plain gRPC sessions in this JVM ({@link LogSender}: no processes, only the log stream).
 *
 * <ul>
 *   <li>ingest: four agents on coordinator 0 send N lines of 100 bytes between them, in batches of
 *       1,000 with at most 50,000 lines unacknowledged each (as dmon-agent sends); lines/s from
 *       the first send to the last acknowledgement;</li>
 *   <li>follow: one {@code logs -f} (the LogChunks stream dmonctl reads, counted here rather than
 *       printed) on coordinator 1 of one agent's job on coordinator 0 while it sends N lines;
 *       lines/s from the first line received to the last, every seq checked;</li>
 *   <li>printed: the same with {@code bin/dmonctl logs -f} itself, a process printing to a pipe
 *       this JVM reads: lines/s from the first line read to the last, every seq checked;</li>
 *   <li>latency: one agent on coordinator 0 sends a line every millisecond (1,000 lines/s), a
 *       follower on coordinator 1 receives it: time from the send to the receipt, p50 and p99.</li>
 * </ul>
 * Floor: the same senders against {@link BareAgentServer}, the agent stream with nothing behind it.
 * Before the figures, the agents send a warm-up round (not measured) to the fresh coordinators,
 * and to the bare stream before its floors: the figures are of processes running for a while,
 * not of their first seconds of compiling.
 */
final class LogFollowRate implements Measurement {
    private static final int AGENTS = 4;
    /** As an agent sends: its batch and its lines in flight per job (AgentLink's). */
    private static final int BATCH = 1000;
    private static final int WINDOW = 50_000;

    @Override
    public String name() {
        return "logs";
    }

    @Override
    public Result run(Bench b) throws Exception {
        long lines = b.quick() ? 300_000 : 2_000_000;
        int latencySeconds = b.quick() ? 3 : 10;
        Result r = new Result(name(), String.format(Locale.ROOT,
                "central logs on loopback: %,d lines of 100 bytes, two coordinators with backup count 1", lines));
        double floorMany;
        double floorOne;
        b.progress("logs: floor (bare agent stream)");
        try (BareAgentServer bare = new BareAgentServer()) {
            // As the coordinators get theirs: the floor is of a warm stream too.
            ingest(bare.port(), "floor-warmup", AGENTS, Math.max(600_000, lines / 2));
            floorMany = ingest(bare.port(), "floor-many", AGENTS, lines);
            floorOne = ingest(bare.port(), "floor-one", 1, lines);
        }
        try (BenchCluster cluster = BenchCluster.start(b, "logs", 2, 1)) {
            int port0 = port(cluster.address(0));
            int port1 = port(cluster.address(1));
            b.progress("logs: warm-up");
            long warmLines = Math.max(600_000, lines / 2);
            double warm = ingest(port0, "warmup", AGENTS, warmLines);
            r.note(String.format(Locale.ROOT, "warm-up before the figures: %,d lines from %d agents, %,.0f lines/s",
                    warmLines, AGENTS, warm));
            b.progress("logs: ingest from " + AGENTS + " agents");
            double ingest = ingest(port0, "ingest", AGENTS, lines);
            r.add(Figure.of(AGENTS + " agents into one coordinator (backup count 1)", ingest, Unit.LINES_PER_S)
                    .target(Target.atLeast(300_000)).floor(floorMany).detail("first send to last acknowledgement"));
            b.progress("logs: one follower");
            follow(r, port0, port1, lines, floorOne);
            b.progress("logs: one dmonctl logs -f");
            printed(b, r, port0, cluster.address(1), lines, floorOne);
            b.progress("logs: latency at 1,000 lines/s");
            latency(r, port0, port1, latencySeconds);
        }
        r.add(Figure.of("  floor: " + AGENTS + " agents, bare gRPC stream", floorMany, Unit.LINES_PER_S));
        r.add(Figure.of("  floor: one agent, bare gRPC stream", floorOne, Unit.LINES_PER_S));
        r.note("agents are gRPC sessions in the benchmark's JVM (LogSender); the follower is the LogChunks stream "
                + "dmonctl logs -f reads, counted in the benchmark's JVM rather than printed");
        return r;
    }

    /** Lines/s of {@code agents} senders sending {@code lines} between them to the server at {@code port}. */
    private static double ingest(int port, String tag, int agents, long lines) throws Exception {
        List<ManagedChannel> channels = new ArrayList<>();
        List<LogSender> senders = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(agents);
        try {
            for (int i = 0; i < agents; i++) {
                ManagedChannel ch = channel(port);
                channels.add(ch);
                LogSender s = new LogSender(ch, tag + "-" + i);
                s.awaitRegistered(30_000);
                senders.add(s);
            }
            long each = lines / agents;
            long t0 = System.nanoTime();
            List<Future<?>> runs = new ArrayList<>();
            for (LogSender s : senders) {
                runs.add(threads.submit(() -> {
                    s.send(1, each, BATCH, WINDOW, 300_000);
                    return null;
                }));
            }
            for (Future<?> f : runs) {
                f.get();
            }
            return each * agents / ((System.nanoTime() - t0) / 1e9);
        } finally {
            senders.forEach(LogSender::close);
            threads.shutdownNow();
            channels.forEach(ManagedChannel::shutdownNow);
        }
    }

    private static void follow(Result r, int port0, int port1, long lines, double floor) throws Exception {
        String label = "one logs -f on the other coordinator";
        ManagedChannel in = channel(port0);
        ManagedChannel outCh = channel(port1);
        try (LogSender s = new LogSender(in, "follow")) {
            s.awaitRegistered(30_000);
            Counter c = new Counter();
            OperatorServiceGrpc.newStub(outCh).logChunks(LogsRequest.newBuilder().addJobIds(s.jobId()).setTail(0)
                    .setFollow(true).build(), c);
            Thread.sleep(500);
            long t0 = System.nanoTime();
            s.send(1, lines, BATCH, WINDOW, 300_000);
            double sent = lines / ((System.nanoTime() - t0) / 1e9);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (c.received() < lines && c.error == null && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            if (c.received() < 2) {
                r.add(Figure.failed(label, "the follower received " + c.received() + " lines"
                        + (c.error == null ? "" : ": " + c.error.getMessage())));
                return;
            }
            double rate = (c.received() - 1) / ((c.last - c.first) / 1e9);
            Figure f = Figure.of(label, rate, Unit.LINES_PER_S).target(Target.atLeast(300_000)).floor(floor)
                    .detail(String.format(Locale.ROOT, "%,d of %,d lines received, %,d out of order, %,d skipped; "
                            + "the agent sent at %,.0f lines/s, and %,d lines again from its store (missed in the "
                            + "ring)", c.received(), lines, c.disorder, c.skipped, sent, s.answered()));
            r.add(c.received() == lines && c.disorder == 0 && c.skipped == 0 ? f : f.invalid("lines missing"));
        } finally {
            in.shutdownNow();
            outCh.shutdownNow();
        }
    }

    private static void printed(Bench b, Result r, int port0, String address1, long lines, double floor)
            throws Exception {
        String label = "one dmonctl logs -f on the other coordinator, to a pipe";
        ManagedChannel in = channel(port0);
        Process p = null;
        try (LogSender s = new LogSender(in, "printed")) {
            s.awaitRegistered(30_000);
            // Line 1 is history to the follower: once it is printed, the follower is following.
            s.send(1, 1, 1, WINDOW, 30_000);
            java.nio.file.Path log = b.file("logs-printed.log");
            p = b.procs().startPiped(List.of(b.launcher("dmonctl").toString(), "--coordinator", address1, "logs", "-f",
                    "-n", "1", s.jobId()), log);
            PrintedLines out = new PrintedLines(p.getInputStream());
            Thread reader = new Thread(out, "printed-lines");
            reader.setDaemon(true);
            reader.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (out.lines() < 1 && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            if (out.lines() < 1) {
                r.add(Figure.failed(label, "dmonctl printed nothing: " + Procs.lastLine(log)));
                return;
            }
            out.mark();
            long t0 = System.nanoTime();
            s.send(2, lines + 1, BATCH, WINDOW, 300_000);
            double sent = lines / ((System.nanoTime() - t0) / 1e9);
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (out.lastSeq() < lines + 1 && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            long printed = out.lines() - 1;
            Figure f = Figure.of(label, out.rate(), Unit.LINES_PER_S).target(Target.atLeast(300_000)).floor(floor)
                    .detail(String.format(Locale.ROOT, "%,d of %,d lines printed, %,d out of order; the agent "
                            + "sent at %,.0f lines/s, and %,d lines again from its store (missed in the ring)",
                            printed, lines, out.disorder(), sent, s.answered()));
            r.add(printed == lines && out.disorder() == 0 ? f : f.invalid("lines missing or out of order"));
        } finally {
            b.procs().stop(p, 2_000);
            in.shutdownNow();
        }
    }

    private static void latency(Result r, int port0, int port1, int seconds) throws Exception {
        String label = "follower latency on the other coordinator at 1,000 lines/s";
        ManagedChannel in = channel(port0);
        ManagedChannel outCh = channel(port1);
        int total = seconds * 1000;
        long[] sentAt = new long[total + 2];
        List<Double> latencies = new ArrayList<>(total);
        try (LogSender s = new LogSender(in, "latency")) {
            s.awaitRegistered(30_000);
            Counter c = new Counter() {
                @Override
                void line(LogLine line, long now) {
                    int seq = (int) line.getSeq();
                    if (seq >= 2 && seq < sentAt.length && sentAt[seq] != 0) {
                        synchronized (latencies) {
                            latencies.add((now - sentAt[seq]) / 1e6);
                        }
                    }
                }
            };
            OperatorServiceGrpc.newStub(outCh).logChunks(LogsRequest.newBuilder().addJobIds(s.jobId()).setTail(0)
                    .setFollow(true).build(), c);
            // The first line shows the stream is open; it is not measured.
            s.sendLines(1, 1, System.currentTimeMillis());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (c.received() < 1 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < total; i++) {
                long due = t0 + i * 1_000_000L;
                while (System.nanoTime() < due) {
                    LockSupport.parkNanos(due - System.nanoTime());
                }
                int seq = i + 2;
                sentAt[seq] = System.nanoTime();
                s.sendLines(seq, seq, System.currentTimeMillis());
            }
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (c.received() < total + 1 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            List<Double> got;
            synchronized (latencies) {
                got = List.copyOf(latencies);
            }
            if (got.isEmpty()) {
                r.add(Figure.failed(label, "no line reached the follower"));
                return;
            }
            Stats st = Stats.of(got);
            String detail = String.format(Locale.ROOT, "%,d of %,d lines received, %,d skipped", got.size(), total,
                    c.skipped);
            r.add(Figure.of(label + ", p50", st.p50(), Unit.MS).target(Target.atMost(20)).detail(detail));
            r.add(Figure.of(label + ", p99", st.p99(), Unit.MS).target(Target.atMost(100)));
            r.samples("latency_ms", got);
        } finally {
            in.shutdownNow();
            outCh.shutdownNow();
        }
    }

    private static ManagedChannel channel(int port) {
        return NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    private static int port(String address) {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

    /** Counts what a LogChunks stream brings: lines, seqs out of order, skipped lines. */
    private static class Counter implements StreamObserver<LogChunk> {
        private volatile long received;
        private long expected = 0;
        volatile long disorder;
        volatile long skipped;
        volatile long first;
        volatile long last;
        volatile Throwable error;

        long received() {
            return received;
        }

        void line(LogLine line, long now) {
        }

        @Override
        public void onNext(LogChunk chunk) {
            long now = System.nanoTime();
            chunk.getSkippedList().forEach(g -> skipped += g.getToSeq() - g.getFromSeq() + 1);
            for (LogLine l : chunk.getLinesList()) {
                if (expected != 0 && l.getSeq() != expected) {
                    disorder++;
                }
                expected = l.getSeq() + 1;
                line(l, now);
            }
            if (chunk.getLinesCount() > 0) {
                if (first == 0) {
                    first = now;
                }
                last = now;
                received += chunk.getLinesCount();
            }
        }

        @Override
        public void onError(Throwable t) {
            error = t;
        }

        @Override
        public void onCompleted() {
        }
    }
}
