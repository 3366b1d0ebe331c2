package io.dmon.coordinator.operator;

import io.dmon.coordinator.store.LogStore;
import io.dmon.proto.v1.LogChunk;
import io.dmon.proto.v1.LogLine;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The chunks of one log stream: first the history (the last {@code tail} lines of each job, of
 * those stamped at or after the since time when there is one), then,
 * when following, what each poll finds. Lines are merged in time order across jobs and stay in
 * seq order per job; a chunk is capped ({@link #MAX_LINES}, {@link #MAX_BYTES}), and a poll that
 * found anything asks to be polled again at once. Each chunk carries the gaps noticed in the lines it holds.
 * Not thread-safe: one stream, polled by one task at a time.
 */
final class LogChunkSource implements Follower.Source<LogChunk> {
    /** Lines per chunk at most: a chunk is one gRPC message, and one message per line was too slow. */
    static final int MAX_LINES = 2000;
    /** Bytes of lines per chunk at most (a single longer line still goes, alone). */
    static final int MAX_BYTES = 1 << 20;
    /**
     * Lines read from the jobs' rings in one poll at most, shared among the jobs followed (a
     * reader of one job reads up to this many at once and keeps up with a fast job); but at
     * least {@link #MIN_READ_BATCH} per job.
     */
    static final int READ_BUDGET = 10_000;
    static final int MIN_READ_BATCH = 1000;
    /**
     * About the bytes of lines read in one poll, shared among the jobs as the lines are, but at
     * least {@link #MIN_READ_BYTES} per job: a job's lines may be up to its ring's share per
     * line long (6,710 bytes by default), and ten thousand of those would be 67 MB.
     */
    static final long READ_BYTES = 16L << 20;
    static final long MIN_READ_BYTES = 128L << 10;
    /**
     * Lines the jobs of a stream may have pending, all together, read ahead of what can be sent
     * (the client busy, or the host asked for lines missed before them): a job writing 300,000
     * lines a second fills its 10,000-line ring in 33 ms, and a reader that paused longer found
     * its lines overwritten and had to get them from the host.
     */
    static final int AHEAD_LINES = 40_000;
    /** About the bytes of those lines at most. */
    static final long AHEAD_BYTES = 16L << 20;
    /** Polls between two looks for new jobs when following a host or the fleet. */
    private static final int RESOLVE_EVERY = 10;
    /** Time order across jobs; per job the seq decides, since a clock may step back. */
    static final Comparator<LogLine> IN_TIME_ORDER = Comparator.comparingLong(LogLine::getUnixMs)
            .thenComparingLong(LogLine::getSeq).thenComparing(LogLine::getJobId);

    private final LogStore logs;
    private final HostLogs hostLogs;
    private final boolean follow;
    private final long sinceMs;
    /** The selection looked up again now and then (a host or the fleet), or null (fixed job ids). */
    private final Supplier<List<String>> growing;
    private final Consumer<String> watch;
    private final Map<String, JobLogCursor> cursors = new LinkedHashMap<>();
    /** The host reads the last poll left jobs waiting for. */
    private final List<CompletableFuture<?>> awaited = new ArrayList<>();
    private boolean inHistory = true;
    private int polls;

    /**
     * Reads the history at once, so the caller sees the store's failures while it can still
     * answer with a status.
     *
     * @param jobs    the jobs chosen now
     * @param sinceMs only lines stamped at or after this time (ms since the epoch); 0 for all
     * @param growing looks the selection up again while following, or null for a fixed one
     * @param watch   told of each job the stream reads (those that join later too), before its
     *                first read: to be woken when its lines are appended
     */
    LogChunkSource(LogStore logs, HostLogs hostLogs, List<String> jobs, int tail, long sinceMs, boolean follow,
            Supplier<List<String>> growing, Consumer<String> watch) {
        this.logs = logs;
        this.hostLogs = hostLogs;
        this.follow = follow;
        this.sinceMs = sinceMs;
        this.growing = growing;
        this.watch = watch;
        for (String id : jobs) {
            watch.accept(id);
            cursors.put(id, JobLogCursor.atTail(logs, id, tail, sinceMs, follow));
        }
    }

    @Override
    public Follower.Poll<LogChunk> poll() {
        if (!inHistory && growing != null && ++polls % RESOLVE_EVERY == 0) {
            for (String id : growing.get()) {
                if (!cursors.containsKey(id)) {
                    watch.accept(id);
                    cursors.put(id, JobLogCursor.fromStart(id, sinceMs));
                }
            }
        }
        LogChunk.Builder chunk = LogChunk.newBuilder();
        boolean capped = merge(chunk, !inHistory);
        List<LogChunk> out = chunk.getLinesCount() == 0 && chunk.getSkippedCount() == 0 ? List.of() : List.of(chunk.build());
        CompletableFuture<?> wake = awaited.isEmpty() ? null
                : CompletableFuture.anyOf(awaited.toArray(CompletableFuture[]::new));
        if (inHistory && !capped) {
            if (wake != null) {
                // History still coming from a host: the stream is not done with it.
                return new Follower.Poll<>(out, false, false, wake);
            }
            inHistory = false;
            if (!follow) {
                return new Follower.Poll<>(out, false, true);
            }
            // Lines may have come while the history was sent: look at once.
            return new Follower.Poll<>(out, true, false);
        }
        // A poll that found lines is followed by another at once, not after the interval: a job
        // writing fast fills its ring in less than an interval (measured: at 60,000 lines/s a
        // 1,000-line ring, half the lines). Only a poll that found nothing waits.
        return new Follower.Poll<>(out, capped || !out.isEmpty(), false, wake);
    }

    /**
     * Moves pending lines into {@code chunk} in time order, reading the rings when {@code read}
     * (not while the history is sent: it is a snapshot). While following, a job waiting for lines
     * from its host sits out and the others go on, each in its own order.
     *
     * @return whether the chunk is full and lines are left
     */
    private boolean merge(LogChunk.Builder chunk, boolean read) {
        awaited.clear();
        PriorityQueue<JobLogCursor> heads = new PriorityQueue<>(
                Comparator.comparing(JobLogCursor::peek, IN_TIME_ORDER));
        for (Map.Entry<String, JobLogCursor> entry : cursors.entrySet()) {
            if (read && entry.getValue().superseded()) {
                // Removed and run again: the new job's lines, from its first, are the stream's now.
                entry.setValue(entry.getValue().successor());
            }
            JobLogCursor cursor = entry.getValue();
            if (read) {
                if (cursor.awaitingHost()) {
                    cursor.readAhead(logs, readBatch(), aheadLimit(), aheadBytes());
                }
                cursor.fill(logs, readBatch(), readBytes(), true);
            }
            offer(cursor, heads, chunk);
        }
        if (!read && !awaited.isEmpty()) {
            // The history is one snapshot in time order: it waits until every job's part is in.
            return false;
        }
        int bytes = 0;
        while (!heads.isEmpty()) {
            JobLogCursor cursor = heads.poll();
            int size = cursor.peek().getSerializedSize();
            if (chunk.getLinesCount() > 0 && (chunk.getLinesCount() >= MAX_LINES || bytes + size > MAX_BYTES)) {
                return true;
            }
            chunk.addLines(cursor.take(chunk::addSkipped));
            bytes += size;
            if (read) {
                // Read on while this job's ring may hold more, so its lines keep their place in time.
                cursor.fill(logs, readBatch(), readBytes(), false);
            }
            offer(cursor, heads, chunk);
        }
        return false;
    }

    @Override
    public void whileBusy() {
        if (inHistory) {
            return;
        }
        for (JobLogCursor cursor : cursors.values()) {
            cursor.readAhead(logs, readBatch(), aheadLimit(), aheadBytes());
        }
    }

    /** Lines one job may have pending when read ahead. */
    private int aheadLimit() {
        return Math.max(1, AHEAD_LINES / Math.max(1, cursors.size()));
    }

    /** About the bytes one job may have pending when read ahead. */
    private long aheadBytes() {
        return AHEAD_BYTES / Math.max(1, cursors.size());
    }

    /** About the bytes one job's read asks for. */
    private long readBytes() {
        return Math.max(MIN_READ_BYTES, READ_BYTES / Math.max(1, cursors.size()));
    }

    /** Lines one job's read asks for. */
    private int readBatch() {
        return Math.max(MIN_READ_BATCH, READ_BUDGET / Math.max(1, cursors.size()));
    }

    /** Puts the cursor among the heads when its next line may go, or notes what it waits for. */
    private void offer(JobLogCursor cursor, PriorityQueue<JobLogCursor> heads, LogChunk.Builder chunk) {
        if (cursor.ready(hostLogs, chunk::addSkipped)) {
            heads.add(cursor);
        } else if (cursor.awaited() != null) {
            awaited.add(cursor.awaited());
        }
    }
}
