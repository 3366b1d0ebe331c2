package io.dmon.cli.follow;

import io.dmon.cli.CliException;
import io.dmon.cli.client.OperatorClient;
import io.dmon.cli.client.ServerStream;
import io.dmon.cli.output.LinePrinter;
import io.dmon.proto.v1.LogLine;
import io.dmon.proto.v1.LogsRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Shows the whole output of a set of jobs, from their first kept line on, exactly once: a
 * following stream while they run, then one fetch of whatever the stream had not delivered when
 * it was cancelled. Lines are told apart by (job, seq), so nothing is shown twice.
 */
final class LogFollower {
    private final OperatorClient client;
    private final List<String> jobIds;
    private final LinePrinter printer;
    private final ServerStream<LogLine> stream;
    private final Map<String, Long> lastSeq = new HashMap<>();
    private long lastLineNanos = System.nanoTime();
    private volatile CliException failure;

    LogFollower(OperatorClient client, List<String> jobIds, LinePrinter printer) {
        this.client = client;
        this.jobIds = List.copyOf(jobIds);
        this.printer = printer;
        this.stream = client.logs(request(true));
    }

    /** Prints lines until the stream ends or {@link #cancel()}; run on a thread of its own. */
    void follow() {
        try {
            for (LogLine line = stream.next(); line != null; line = stream.next()) {
                accept(line);
            }
        } catch (CliException e) {
            failure = e;
        }
    }

    /** Why following failed, or null. */
    CliException failure() {
        return failure;
    }

    /**
     * Waits until no line has come for {@code quiet}, at most {@code max}: the tail of a job's
     * output may reach the coordinator after the status that says the job finished.
     */
    synchronized void awaitQuiet(long quietNanos, long maxNanos) throws InterruptedException {
        long end = System.nanoTime() + maxNanos;
        while (true) {
            long now = System.nanoTime();
            long quietLeft = lastLineNanos + quietNanos - now;
            long left = Math.min(quietLeft, end - now);
            if (left <= 0) {
                return;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    void cancel() {
        stream.cancel();
    }

    /** Fetches every kept line once more and prints those not shown yet. */
    void catchUp() {
        try (ServerStream<LogLine> rest = client.logs(request(false))) {
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

    private LogsRequest request(boolean follow) {
        return LogsRequest.newBuilder().addAllJobIds(jobIds).setTail(-1).setFollow(follow).build();
    }
}
