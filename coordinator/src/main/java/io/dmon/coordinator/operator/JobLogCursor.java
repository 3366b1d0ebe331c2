package io.dmon.coordinator.operator;

import io.dmon.coordinator.store.LogStore;
import io.dmon.coordinator.store.Page;
import io.dmon.proto.v1.LogLine;
import io.dmon.proto.v1.SkippedLines;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Consumer;

/**
 * One job as one log stream sees it: where it is in the job's ring, the lines it read and has
 * not sent yet, and the seq it expects next. A line whose seq is above the one expected means
 * lines were lost to this stream: overwritten in the ring before it read them (the ring reads
 * on from its oldest line), or never stored (the agent's spool overflowed). Either way the stream
 * says so, with the exact range.
 */
final class JobLogCursor {
    /** The seq expected next is not known (yet): the next line sets it, reporting no gap. */
    private static final long UNKNOWN = 0;

    private final String jobId;
    private final ArrayDeque<LogLine> pending = new ArrayDeque<>();
    private long position;
    private long expectedSeq;
    /** The last read returned lines: the ring may hold more already. */
    private boolean mayHaveMore = true;

    private JobLogCursor(String jobId, long position, long expectedSeq, List<LogLine> history) {
        this.jobId = jobId;
        this.position = position;
        this.expectedSeq = expectedSeq;
        this.pending.addAll(history);
    }

    /**
     * The last {@code tail} lines of the job ({@code -1}: all kept) as pending history, and the
     * position after them. Lines older than the history are not missed: nobody asked for them.
     */
    static JobLogCursor atTail(LogStore logs, String jobId, int tail) {
        // Read before the ring: a job that had stored nothing then has its first line still to come
        // (read after, a burst stored in between would hide lines overwritten before the first read).
        boolean neverStored = logs.cursor(jobId) == 0;
        // With no history asked for, the last line is read anyway: its seq is where to expect the next.
        Page<LogLine> page = logs.tail(jobId, tail == 0 ? 1 : tail);
        List<LogLine> lines = page.items();
        if (lines.isEmpty()) {
            // An empty ring of a job that had stored nothing: its first line will be seq 1.
            long expected = neverStored ? 1 : UNKNOWN;
            return new JobLogCursor(jobId, page.next(), expected, List.of());
        }
        if (tail == 0) {
            return new JobLogCursor(jobId, page.next(), lines.get(lines.size() - 1).getSeq() + 1, List.of());
        }
        return new JobLogCursor(jobId, page.next(), UNKNOWN, lines);
    }

    /** A job that appeared while following: everything it ever stored is new to the stream. */
    static JobLogCursor fromStart(String jobId) {
        return new JobLogCursor(jobId, 0, 1, List.of());
    }

    String jobId() {
        return jobId;
    }

    boolean hasPending() {
        return !pending.isEmpty();
    }

    /** The next line to send; only while {@link #hasPending()}. */
    LogLine peek() {
        return pending.peekFirst();
    }

    /**
     * Reads up to {@code max} lines from the ring when none is pending and the ring may hold
     * more ({@code force}: whether or not the last read found any).
     */
    void fill(LogStore logs, int max, boolean force) {
        if (!pending.isEmpty() || !(force || mayHaveMore)) {
            return;
        }
        Page<LogLine> page = logs.read(jobId, position, max);
        pending.addAll(page.items());
        position = page.next();
        mayHaveMore = !page.items().isEmpty();
    }

    /** Takes the next line, first telling {@code gaps} about the lines missing before it. */
    LogLine take(Consumer<SkippedLines> gaps) {
        LogLine line = pending.removeFirst();
        if (expectedSeq != UNKNOWN && line.getSeq() > expectedSeq) {
            gaps.accept(SkippedLines.newBuilder().setJobId(jobId).setFromSeq(expectedSeq)
                    .setToSeq(line.getSeq() - 1).build());
        }
        expectedSeq = Math.max(expectedSeq, line.getSeq() + 1);
        return line;
    }
}
