package io.dmon.cli.follow;

import io.dmon.cli.CliException;
import io.dmon.cli.client.OperatorClient;
import io.dmon.cli.client.ServerStream;
import io.dmon.cli.output.LogOutput;
import io.dmon.proto.v1.LogChunk;
import io.dmon.proto.v1.LogLine;
import io.dmon.proto.v1.LogsRequest;
import io.dmon.proto.v1.SkippedLines;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Shows jobs' output, each line once. Lines are told apart by (job, seq), so a stream resumed
 * through another coordinator, or a final fetch after following ({@link #catchUp()}), prints only
 * what was not shown yet. Lines the coordinator could not send (they left the job's ring before
 * they were read) are said once per gap on the notices and to the output, and the stream goes on.
 * A job removed and run again under its id is another job, its lines numbered from 1 again: told
 * apart by the creation time its lines carry, its lines are printed after the removed job's, with
 * a notice, and a removed job's line that comes late is not printed.
 */
public final class LogFollower {
    private final OperatorClient client;
    private final LogsRequest request;
    private final LogOutput output;
    private final Consumer<String> notices;
    private final ServerStream<LogChunk> stream;
    /** Per job, the highest seq printed or said to be skipped. */
    private final Map<String, Long> lastSeq = new HashMap<>();
    /** Per job id, the creation time of the job whose lines are printed ({@code job_created_unix_ms}). */
    private final Map<String, Long> created = new HashMap<>();
    private long lastLineNanos = System.nanoTime();
    private volatile CliException failure;

    /**
     * @param request what to show; with {@code follow} the stream is resumed if its coordinator
     *                goes away (lines produced meanwhile are recovered as far as its {@code tail}
     *                reaches, all of them with -1)
     * @param notices told, in one line, each time the stream moves to another coordinator and
     *                each time lines were skipped
     */
    public LogFollower(OperatorClient client, LogsRequest request, LogOutput output, Consumer<String> notices) {
        this.client = client;
        this.request = request;
        this.output = output;
        this.notices = notices;
        this.stream = client.logChunks(request).onResume(notices);
    }

    /** Prints lines until the stream ends or {@link #cancel()}. */
    public void show() {
        for (LogChunk chunk = stream.next(); chunk != null; chunk = stream.next()) {
            accept(chunk);
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

    /**
     * Waits until every job's line up to its seq in {@code ends} has been printed (or said to be
     * skipped), however slowly the output is read; gives up when no line has come for
     * {@code stallNanos} or following failed.
     *
     * @return whether every line up to {@code ends} was printed
     */
    synchronized boolean awaitPrinted(Map<String, Long> ends, long stallNanos) throws InterruptedException {
        while (!printedUpTo(ends)) {
            if (failure != null) {
                return false;
            }
            long left = lastLineNanos + stallNanos - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
        }
        return true;
    }

    private boolean printedUpTo(Map<String, Long> ends) {
        for (Map.Entry<String, Long> end : ends.entrySet()) {
            if (lastSeq.getOrDefault(end.getKey(), 0L) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Ends {@link #show()}; callable from any thread. */
    public void cancel() {
        stream.cancel();
    }

    /** Fetches every kept line once more, without following, and prints those not shown yet. */
    void catchUp() {
        LogsRequest all = request.toBuilder().setTail(-1).setFollow(false).build();
        try (ServerStream<LogChunk> rest = client.logChunks(all)) {
            for (LogChunk chunk = rest.next(); chunk != null; chunk = rest.next()) {
                accept(chunk);
            }
        }
    }

    private synchronized void accept(LogChunk chunk) {
        // Each gap is said just before the first line of its job after it, so that what was
        // printed and what was skipped stay in seq order per job.
        Map<String, ArrayDeque<SkippedLines>> gaps = new HashMap<>();
        for (SkippedLines gap : chunk.getSkippedList()) {
            gaps.computeIfAbsent(gap.getJobId(), id -> new ArrayDeque<>()).add(gap);
        }
        // Lines go out in runs, each written at once; a gap waits for the run before it, so
        // that the lines before a gap are out before it is said.
        List<LogLine> run = new ArrayList<>();
        boolean came = false;
        for (LogLine line : chunk.getLinesList()) {
            // Before the gaps: a later job's gaps are news against its own lines, not the removed job's.
            if (!ofShownJob(line)) {
                continue;
            }
            ArrayDeque<SkippedLines> before = gaps.get(line.getJobId());
            while (before != null && !before.isEmpty() && before.peekFirst().getToSeq() < line.getSeq()) {
                output.lines(run);
                run.clear();
                skipped(before.removeFirst());
            }
            Long last = lastSeq.get(line.getJobId());
            if (last != null && line.getSeq() <= last) {
                continue;
            }
            lastSeq.put(line.getJobId(), line.getSeq());
            came = true;
            if (line.getUnixMs() < request.getSinceUnixMs()) {
                // A coordinator older than since_unix_ms sends what it has: the time is kept here.
                continue;
            }
            run.add(line);
        }
        output.lines(run);
        gaps.values().forEach(rest -> rest.forEach(this::skipped));
        if (came || chunk.getSkippedCount() > 0) {
            lastLineNanos = System.nanoTime();
            notifyAll();
        }
    }

    /**
     * Whether {@code line} is of the job shown under its id: a line of a later job (the id removed
     * and run again) makes that job the one shown, from its first line on; a line of an earlier
     * one is not shown. A line that names no creation time (an older coordinator's) is shown.
     */
    private boolean ofShownJob(LogLine line) {
        long of = line.getJobCreatedUnixMs();
        if (of == 0) {
            return true;
        }
        Long shown = created.putIfAbsent(line.getJobId(), of);
        if (shown == null || shown == of) {
            return true;
        }
        if (of < shown) {
            return false;
        }
        created.put(line.getJobId(), of);
        if (lastSeq.remove(line.getJobId()) != null) {
            notices.accept(line.getJobId() + ": removed and run again; the new job's output follows");
        }
        return true;
    }

    /** Says what part of a gap is news (a resumed stream may report one again). */
    private void skipped(SkippedLines gap) {
        Long last = lastSeq.get(gap.getJobId());
        long from = last == null ? gap.getFromSeq() : Math.max(gap.getFromSeq(), last + 1);
        if (from > gap.getToSeq()) {
            return;
        }
        lastSeq.put(gap.getJobId(), gap.getToSeq());
        output.skipped(gap.toBuilder().setFromSeq(from).build());
        notices.accept(gap.getJobId() + ": skipped lines " + from + "-" + gap.getToSeq()
                + (gap.getHostUnreachable()
                        ? " (partial: not in the coordinators' ring, and the job's host could not be asked for them)"
                        : " (gone: beyond what the job's host keeps)"));
    }
}
