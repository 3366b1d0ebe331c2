package io.dmon.cli.follow;

import com.google.protobuf.ByteString;
import io.dmon.cli.client.OperatorChannelFactory;
import io.dmon.cli.client.OperatorClient;
import io.dmon.cli.output.LinePrinter;
import io.dmon.proto.v1.AgentMessage;
import io.dmon.proto.v1.AgentServiceGrpc;
import io.dmon.proto.v1.CoordinatorMessage;
import io.dmon.proto.v1.DesiredState;
import io.dmon.proto.v1.Job;
import io.dmon.proto.v1.JobSpec;
import io.dmon.proto.v1.LogBatch;
import io.dmon.proto.v1.LogCursor;
import io.dmon.proto.v1.LogLine;
import io.dmon.proto.v1.LogsRequest;
import io.dmon.proto.v1.Register;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Figures, not a test: how many lines of a burst a follower gets through dmonctl's own client
 * code (LogChunks). Against a running coordinator
 * (its default ring of 10,000 lines per job), this program is both an agent, sending a burst of
 * numbered 100-byte lines as the real agent does (batches of 512, at most 10,000 unacknowledged),
 * and the follower, printing to a counting sink.
 *
 * <p>{@code java -cp CLI_TEST_CLASSPATH io.dmon.cli.follow.LogFollowRate HOST:PORT LINES [LINES_PER_S]}
 */
public final class LogFollowRate {
    private static final Pattern SKIPPED = Pattern.compile("skipped lines (\\d+)-(\\d+)");

    private LogFollowRate() {
    }

    public static void main(String[] args) throws Exception {
        String address = args[0];
        long total = Long.parseLong(args[1]);
        long perSecond = args.length > 2 ? Long.parseLong(args[2]) : 0;
        String host = "rate" + System.currentTimeMillis() % 100000;
        String jobId = "burst@" + host;

        ManagedChannel agentChannel = NettyChannelBuilder.forTarget(address).usePlaintext().build();
        Agent agent = new Agent(agentChannel, host, jobId);

        AtomicLong printed = new AtomicLong();
        AtomicLong lastLineNanos = new AtomicLong();
        AtomicLong skipped = new AtomicLong();
        AtomicLong gaps = new AtomicLong();
        PrintStream sink = new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                if (b == '\n') {
                    printed.incrementAndGet();
                    lastLineNanos.set(System.nanoTime());
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                for (int i = off; i < off + len; i++) {
                    write(b[i]);
                }
            }
        }, false);
        LinePrinter printer = new LinePrinter(sink, false, false);
        LogsRequest request = LogsRequest.newBuilder().addJobIds(jobId).setTail(10).setFollow(true).build();
        OperatorClient client = new OperatorClient(List.of(address), OperatorChannelFactory.insecure(), Duration.ofSeconds(10));
        LogFollower logs = new LogFollower(client, request, printer, notice -> {
            Matcher m = SKIPPED.matcher(notice);
            if (m.find()) {
                skipped.addAndGet(Long.parseLong(m.group(2)) - Long.parseLong(m.group(1)) + 1);
                gaps.incrementAndGet();
            }
        });
        Thread follower = new Thread(logs::follow);
        Runnable cancel = logs::cancel;
        follower.setDaemon(true);
        follower.start();
        Thread.sleep(1000);

        long start = System.nanoTime();
        agent.burst(total, perSecond);
        long stored = System.nanoTime();
        // Done once every line is printed or said to be skipped, or nothing came for 5 s.
        while (printed.get() + skipped.get() < total
                && System.nanoTime() - Math.max(lastLineNanos.get(), stored) < 5_000_000_000L) {
            Thread.sleep(5);
        }
        long end = Math.max(lastLineNanos.get(), start + 1);
        cancel.run();
        double storeSeconds = (stored - start) / 1e9;
        double followSeconds = (end - start) / 1e9;
        System.out.printf(Locale.ROOT, "LogChunks: %,d lines stored in %.2f s (%,.0f lines/s); follower printed %,d "
                        + "(%,.0f lines/s over %.2f s), skipped %,d (reported in %,d gaps)%n",
                total, storeSeconds, total / storeSeconds, printed.get(),
                printed.get() / followSeconds, followSeconds, skipped.get(), gaps.get());
        client.close();
        agent.close();
        agentChannel.shutdownNow();
        System.exit(0);
    }

    /** Just enough of an agent to own one job and send its lines as the real one does. */
    private static final class Agent implements AutoCloseable {
        private final StreamObserver<AgentMessage> out;
        private final String jobId;
        private final AtomicLong acked = new AtomicLong();
        private final CountDownLatch registered = new CountDownLatch(1);

        Agent(ManagedChannel channel, String host, String jobId) throws InterruptedException {
            this.jobId = jobId;
            this.out = AgentServiceGrpc.newStub(channel).session(new StreamObserver<>() {
                @Override
                public void onNext(CoordinatorMessage message) {
                    if (message.hasRegistered()) {
                        registered.countDown();
                    }
                    if (message.hasAck()) {
                        for (LogCursor c : message.getAck().getCursorsList()) {
                            acked.accumulateAndGet(c.getSeq(), Math::max);
                        }
                    }
                }

                @Override
                public void onError(Throwable t) {
                    System.err.println("agent session ended: " + t);
                }

                @Override
                public void onCompleted() {
                }
            });
            Job job = Job.newBuilder().setId(jobId).setName("burst").setHost(host).setGeneration(1)
                    .setDesired(DesiredState.DESIRED_RUNNING)
                    .setSpec(JobSpec.newBuilder().addCommand("cat").setMaxRespawns(-1)).build();
            out.onNext(AgentMessage.newBuilder().setRegister(Register.newBuilder().setName(host).setVersion("rate")
                    .addJobs(job)).build());
            if (!registered.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not registered");
            }
        }

        /** Sends lines 1..total (batches of 512, at most 10,000 unacknowledged, no faster than perSecond unless 0); returns once all are stored. */
        void burst(long total, long perSecond) throws InterruptedException {
            long began = System.nanoTime();
            byte[] pad = new byte[89];
            java.util.Arrays.fill(pad, (byte) 'x');
            long now = System.currentTimeMillis();
            for (long seq = 1; seq <= total; ) {
                while (seq - 1 - acked.get() >= 10_000
                        || perSecond > 0 && (seq - 1) * 1e9 / perSecond > System.nanoTime() - began) {
                    Thread.sleep(0, 200_000);
                }
                LogBatch.Builder batch = LogBatch.newBuilder();
                for (int i = 0; i < 512 && seq <= total; i++, seq++) {
                    String number = String.format(Locale.ROOT, "%010d", seq);
                    batch.addLines(LogLine.newBuilder().setJobId(jobId).setRun(1).setSeq(seq).setUnixMs(now + seq / 100)
                            .setLine(ByteString.copyFromUtf8(number).concat(ByteString.copyFrom(pad))));
                }
                out.onNext(AgentMessage.newBuilder().setLogs(batch).build());
            }
            while (acked.get() < total) {
                Thread.sleep(1);
            }
        }

        @Override
        public void close() {
            out.onCompleted();
        }
    }
}
