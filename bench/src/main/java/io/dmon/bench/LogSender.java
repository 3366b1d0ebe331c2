package io.dmon.bench;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.dmon.proto.v1.AgentMessage;
import io.dmon.proto.v1.AgentServiceGrpc;
import io.dmon.proto.v1.CoordinatorMessage;
import io.dmon.proto.v1.DesiredState;
import io.dmon.proto.v1.Job;
import io.dmon.proto.v1.JobSpec;
import io.dmon.proto.v1.LogBatch;
import io.dmon.proto.v1.LogCursor;
import io.dmon.proto.v1.LogLine;
import io.dmon.proto.v1.LogRange;
import io.dmon.proto.v1.ReadLogs;
import io.dmon.proto.v1.Register;
import io.grpc.Channel;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * One agent's session as the coordinator sees it, without processes: it registers as {@code host}
 * holding one job ({@code bench@host}, learned back by the coordinator) and sends that job's lines
 * as an agent's log shipper does: batches in seq order, at most a window of lines unacknowledged.
 * Each line is 99 bytes (a 100-byte line without its newline) and starts with its seq in ten
 * digits ({@link #seqOf}). One thread sends; ReadLogs are
 * answered on gRPC's thread, the stream written under its own lock.
 */
final class LogSender implements AutoCloseable {
    static final int LINE_BYTES = 99;
    /** A line's text: its seq in ten digits, a space, then filler, so a printed line says which it is. */
    private static final byte[] TEMPLATE = ("0".repeat(10) + " " + "x".repeat(LINE_BYTES - 11))
            .getBytes(StandardCharsets.US_ASCII);

    private final String jobId;
    private final StreamObserver<AgentMessage> out;
    private long acked;
    private long sent;
    /** Lines sent as answers to ReadLogs: what readers missed in the coordinators' ring. */
    private long answered;
    private boolean registered;
    private Throwable ended;

    LogSender(Channel channel, String host) {
        this.jobId = "bench@" + host;
        this.out = AgentServiceGrpc.newStub(channel).session(new StreamObserver<>() {
            @Override
            public void onNext(CoordinatorMessage m) {
                if (m.hasReadLogs()) {
                    answer(m.getReadLogs());
                    return;
                }
                synchronized (LogSender.this) {
                    if (m.hasRegistered()) {
                        registered = true;
                    }
                    for (LogCursor c : m.getAck().getCursorsList()) {
                        acked = Math.max(acked, c.getSeq());
                    }
                    LogSender.this.notifyAll();
                }
            }

            @Override
            public void onError(Throwable t) {
                end(t);
            }

            @Override
            public void onCompleted() {
                end(new IllegalStateException("session ended"));
            }
        });
        Job job = Job.newBuilder().setId(jobId).setName("bench").setHost(host)
                .setSpec(JobSpec.newBuilder().addCommand("sleep").addCommand("600").setMaxRespawns(-1))
                .setDesired(DesiredState.DESIRED_RUNNING).setGeneration(1).build();
        out.onNext(AgentMessage.newBuilder().setRegister(Register.newBuilder().setName(host).setVersion("bench")
                .addJobs(job)).build());
    }

    String jobId() {
        return jobId;
    }

    /** Waits until the coordinator answered the register. */
    synchronized void awaitRegistered(long millis) throws InterruptedException {
        awaitUntil(() -> registered, millis, "registered");
    }

    /**
     * Sends lines {@code from..to} in batches of {@code batch}, keeping at most {@code window}
     * lines unacknowledged, and returns once every line is acknowledged.
     */
    void send(long from, long to, int batch, int window, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        for (long start = from; start <= to; start += batch) {
            long end = Math.min(to, start + batch - 1);
            synchronized (this) {
                long first = start;
                awaitUntil(() -> end - acked <= window, left(deadline), "acks of line " + (first - window));
            }
            sendLines(start, end, System.currentTimeMillis());
        }
        synchronized (this) {
            awaitUntil(() -> acked >= to, left(deadline), "the ack of line " + to);
        }
    }

    /** Sends lines {@code from..to} stamped {@code unixMs} in one message, without waiting. */
    void sendLines(long from, long to, long unixMs) {
        LogBatch.Builder b = LogBatch.newBuilder();
        for (long seq = from; seq <= to; seq++) {
            b.addLines(LogLine.newBuilder().setJobId(jobId).setRun(1).setSeq(seq).setUnixMs(unixMs).setLine(payload(seq)));
        }
        synchronized (this) {
            sent = Math.max(sent, to);
        }
        synchronized (out) {
            out.onNext(AgentMessage.newBuilder().setLogs(b).build());
        }
    }

    /**
     * Answers a coordinator's ReadLogs as an agent's store would: every line sent is kept (they
     * are all alike, so they are made again rather than held).
     */
    private void answer(ReadLogs read) {
        long to;
        synchronized (this) {
            to = Math.min(sent, read.getFromSeq() + Math.min(read.getMaxLines(), 5000) - 1);
        }
        LogRange.Builder range = LogRange.newBuilder().setRequestId(read.getRequestId()).setJobId(jobId)
                .setOldestKept(1).setNextSeq(sent + 1);
        for (long seq = Math.max(1, read.getFromSeq()); seq <= to; seq++) {
            range.addLines(LogLine.newBuilder().setJobId(jobId).setRun(1).setSeq(seq).setUnixMs(System.currentTimeMillis())
                    .setLine(payload(seq)));
        }
        synchronized (this) {
            answered += range.getLinesCount();
        }
        synchronized (out) {
            out.onNext(AgentMessage.newBuilder().setLogRange(range).build());
        }
    }

    /** The text of line {@code seq}. */
    static ByteString payload(long seq) {
        byte[] line = TEMPLATE.clone();
        long n = seq;
        for (int d = 9; d >= 0; d--) {
            line[d] = (byte) ('0' + n % 10);
            n /= 10;
        }
        return UnsafeByteOperations.unsafeWrap(line);
    }

    /** The seq a printed line starts with, or -1 when it does not start with ten digits. */
    static long seqOf(byte[] text, int from, int length) {
        if (length < 10) {
            return -1;
        }
        long n = 0;
        for (int i = from; i < from + 10; i++) {
            int d = text[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            n = n * 10 + d;
        }
        return n;
    }

    /** Lines sent so far as answers to the coordinators' ReadLogs. */
    synchronized long answered() {
        return answered;
    }

    synchronized long acked() {
        return acked;
    }

    @Override
    public void close() {
        try {
            out.onCompleted();
        } catch (RuntimeException e) {
            // already ended
        }
    }

    private synchronized void end(Throwable t) {
        ended = t;
        notifyAll();
    }

    private static long left(long deadline) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }

    private void awaitUntil(java.util.function.BooleanSupplier done, long millis, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!done.getAsBoolean()) {
            if (ended != null) {
                throw new IllegalStateException("session of " + jobId + " ended before " + what + ": " + ended.getMessage());
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException("no " + what + " for " + jobId + " within " + millis + " ms");
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }
}
