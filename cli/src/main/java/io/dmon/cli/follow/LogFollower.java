package io.dmon.cli.follow;

import io.dmon.cli.CliException;
import io.dmon.cli.client.OperatorClient;
import io.dmon.cli.client.ServerStream;
import io.dmon.cli.output.LinePrinter;
import io.dmon.proto.v1.LogLine;
import io.dmon.proto.v1.LogsRequest;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Shows jobs' output, each line once. Lines are told apart by (job, seq), so a stream resumed
 * through another coordinator, or a final fetch after following ({@link #catchUp()}), prints only
 * what was not shown yet.
 */
public final class LogFollower {
    private final OperatorClient client;
    private final LogsRequest request;
    private final LinePrinter printer;
    private final ServerStream<LogLine> stream;
    private final Map<String, Long> lastSeq = new HashMap<>();
    private long lastLineNanos = System.nanoTime();
    private volatile CliException failure;

    /**
     * @param request what to show; with {@code follow} the stream is resumed if its coordinator
     *                goes away (lines produced meanwhile are recovered as far as its {@code tail}
     *                reaches, all of them with -1)
     * @param notices told, in one line, each time the stream moves to another coordinator
     */
    public LogFollower(OperatorClient client, LogsRequest request, LinePrinter printer, Consumer<String> notices) {
        this.client = client;
        this.request = request;
        this.printer = printer;
        this.stream = client.logs(request).onResume(notices);
    }

    /** Prints lines until the stream ends or {@link #cancel()}. */
    public void show() {
        for (LogLine line = stream.next(); line != null; line = stream.next()) {
            accept(line);
        }
    }

    /** {@link #show()} for a thread of its own: a failure is kept for {@link #failure()}. */
    void follow() {
        try {
            show();
        } catch (CliException e) {
            failure = e;
        }
    }

    /** Why following failed, or null. */
    CliException failure() {
        return failure;
    }

    /**
     * Waits until no line has come for {@code quietNanos}, at most {@code maxNanos}: the tail of
     * a job's output may reach the coordinator after the status that says the job finished.
     */
    synchronized void awaitQuiet(long quietNanos, long maxNanos) throws InterruptedException {
        long end = System.nanoTime() + maxNanos;
        while (true) {
            long now = System.nanoTime();
            long left = Math.min(lastLineNanos + quietNanos - now, end - now);
            if (left <= 0) {
                return;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** Ends {@link #show()}; callable from any thread. */
    public void cancel() {
        stream.cancel();
    }

    /** Fetches every kept line once more, without following, and prints those not shown yet. */
    void catchUp() {
        LogsRequest all = request.toBuilder().setTail(-1).setFollow(false).build();
        try (ServerStream<LogLine> rest = client.logs(all)) {
            for (LogLine line = rest.next(); line != null; line = rest.next()) {
                accept(line);
            }
        }
    }

    private synchronized void accept(LogLine line) {
        Long last = lastSeq.get(line.getJobId());
        if (last != null && line.getSeq() <= last) {
            return;
        }
        lastSeq.put(line.getJobId(), line.getSeq());
        printer.print(line);
        lastLineNanos = System.nanoTime();
        notifyAll();
    }
}
