package io.dmon.coordinator.operator;

import io.dmon.coordinator.store.LogStore;
import io.dmon.coordinator.store.Page;
import io.dmon.proto.v1.LogLine;
import io.dmon.proto.v1.SkippedLines;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One job as one log stream sees it: where it is in the job's ring, the lines it read and has
 * not sent yet, and the seq it expects next. A line whose seq is above the one expected means
 * lines were lost to this stream: overwritten in the ring before it read them (the ring reads
 * on from its oldest line), or never stored (the agent's spool overflowed). The stream then asks
 * the job's host for them ({@link HostLogs}): what the host still keeps is sent in its place, in
 * order; only what the host no longer has, or what could not be asked for (the reply is then
 * marked partial), is reported as skipped, with the exact range. With a since time, lines stamped
 * before it are passed over (not missed: nobody asked for them), and history older than the ring
 * is read from where the host's lines reach that time ({@link SinceSeek}).
 *
 * <p>A cursor reads one job: the lines of one creation time ({@code job_created_unix_ms}, taken
 * from the first line that names one). A job removed and run again under its id is another job
 * whose ring starts anew; once the cursor reads a line of that later job it reads no more and is
 * {@link #superseded()}: its stream reads the new job from its start with a new cursor.
 */
final class JobLogCursor {
    /** The seq expected next is not known (yet): the next line sets it, reporting no gap. */
    private static final long UNKNOWN = 0;

    private final String jobId;
    private final ArrayDeque<LogLine> pending = new ArrayDeque<>();
    /** About the bytes of the pending lines ({@link #bytes}). */
    private long pendingBytes;
    /** Lines read from the ring so far and their bytes: what a line of the job costs, on average. */
    private long linesRead;
    private long bytesRead;
    private static final int LINE_OVERHEAD = 64;
    private long position;
    private long expectedSeq;
    /** The last read returned lines: the ring may hold more already. */
    private boolean mayHaveMore = true;
    /**
     * Lines from {@link #expectedSeq} on were asked for as history (more than the ring held):
     * older ones the host no longer keeps are not reported, since nobody asked for them.
     */
    private boolean historyStart;
    /**
     * Tries of a host that could not be asked before its lines are reported as partial, when
     * following: long enough for an agent to move to another coordinator after its holder died.
     */
    private static final int UNREACHABLE_TRIES = 15;
    private static final Executor RETRY_DELAY = CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS);

    /** Whether a host that cannot be asked is asked again (a follower) or reported at once. */
    private final boolean retryUnreachable;
    /** Lines stamped before this time (ms since the epoch) are not sent; 0 for all. */
    private final long sinceMs;
    /** Where the history's lines from {@link #sinceMs} on begin on the host, while being found. */
    private CompletableFuture<Long> seek;
    private boolean sought;
    private int unreachable;
    /**
     * The host reads under way for the lines missing before the pending ones, oldest first:
     * consecutive windows of at most {@link HostLogs#MAX_LINES}, up to {@link #MAX_FETCHES} asked
     * at once (one at a time, a follower that fell behind a fast job never caught up with it).
     */
    private final ArrayDeque<Fetch> fetches = new ArrayDeque<>();
    private static final int MAX_FETCHES = 4;
    /** The creation time of the job whose lines this cursor reads; 0 until a line names one. */
    private long incarnation;
    /** The creation time of a later job of the id, once one of its lines was read; 0 before. */
    private long supersededBy;

    private JobLogCursor(String jobId, long position, long expectedSeq, List<LogLine> history, long sinceMs,
            boolean follow) {
        this.jobId = jobId;
        this.retryUnreachable = follow;
        this.sinceMs = sinceMs;
        this.position = position;
        this.expectedSeq = expectedSeq;
        history.stream().filter(this::ofThisJob).forEach(this::addLast);
    }

    /**
     * The last {@code tail} lines of the job ({@code -1}: all kept) stamped at or after
     * {@code sinceMs} (0: any time) as pending history, and the position after them. Lines older
     * than the history are not missed: nobody asked for them. A cursor that {@code follow}s asks a
     * host that cannot be asked again for a while before it reports the lines as partial; one that
     * reads history only reports them at once.
     */
    static JobLogCursor atTail(LogStore logs, String jobId, int tail, long sinceMs, boolean follow) {
        // Read before the ring: a job that had stored nothing then has its first line still to come
        // (read after, a burst stored in between would hide lines overwritten before the first read).
        boolean neverStored = logs.cursor(jobId) == 0;
        // With no history asked for, the last line is read anyway: its seq is where to expect the next.
        Page<LogLine> page = logs.tail(jobId, tail == 0 ? 1 : tail);
        List<LogLine> lines = page.items();
        if (lines.isEmpty()) {
            // An empty ring of a job that had stored nothing: its first line will be seq 1.
            long expected = neverStored ? 1 : UNKNOWN;
            return new JobLogCursor(jobId, page.next(), expected, List.of(), sinceMs, follow);
        }
        if (tail == 0) {
            return new JobLogCursor(jobId, page.next(), lines.get(lines.size() - 1).getSeq() + 1, List.of(), sinceMs,
                    follow);
        }
        long first = lines.get(0).getSeq();
        // A ring that holds a line older than the time holds every line since (time order).
        boolean ringReachesSince = lines.get(0).getUnixMs() < sinceMs;
        if (first > 1 && (tail < 0 || lines.size() < tail) && !ringReachesSince) {
            // More was asked for than the ring holds: the rest comes from the host, as a gap would.
            long from = tail < 0 ? 1 : Math.max(1, first - (tail - lines.size()));
            JobLogCursor cursor = new JobLogCursor(jobId, page.next(), from, lines, sinceMs, follow);
            cursor.historyStart = true;
            return cursor;
        }
        return new JobLogCursor(jobId, page.next(), UNKNOWN, lines, sinceMs, follow);
    }

    /**
     * A job that appeared while following: everything it ever stored (at or after
     * {@code sinceMs}) is new to the stream.
     */
    static JobLogCursor fromStart(String jobId, long sinceMs) {
        return new JobLogCursor(jobId, 0, 1, List.of(), sinceMs, true);
    }

    /** The job run again under this cursor's id after its removal, read from its start. */
    JobLogCursor successor() {
        JobLogCursor next = fromStart(jobId, sinceMs);
        next.incarnation = supersededBy;
        return next;
    }

    /**
     * Whether a later job of the id (removed and run again) has lines, and this cursor has sent
     * everything it holds of its own job: the stream goes on with {@link #successor()}.
     */
    boolean superseded() {
        return supersededBy != 0 && pending.isEmpty() && !awaitingHost();
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
     * Reads up to {@code max} lines, and about {@code maxBytes} of them, from the ring when none
     * is pending and the ring may hold more ({@code force}: whether or not the last read found
     * any).
     */
    void fill(LogStore logs, int max, long maxBytes, boolean force) {
        if (!pending.isEmpty() || !(force || mayHaveMore) || supersededBy != 0) {
            return;
        }
        mayHaveMore = read(logs, lines(max, maxBytes)) > 0;
    }

    /**
     * Reads on from the ring behind the pending lines, up to {@code limit} lines and about
     * {@code limitBytes} pending: for while they cannot be sent (the host is asked for lines
     * before them, or the client is busy), since what the ring holds now would be overwritten
     * meanwhile (measured: a follower of a job writing 300,000 lines a second that waited for
     * its host got nearly all later lines from the host too).
     */
    void readAhead(LogStore logs, int max, int limit, long limitBytes) {
        if (pending.size() >= limit || pendingBytes >= limitBytes || supersededBy != 0) {
            return;
        }
        read(logs, lines(Math.min(max, limit - pending.size()), limitBytes - pendingBytes));
    }

    /** Lines to ask for: {@code max}, or fewer when the lines read so far say they would be over {@code bytes}. */
    private int lines(int max, long bytes) {
        long each = linesRead == 0 ? 1 : Math.max(1, bytesRead / linesRead);
        return (int) Math.max(1, Math.min(max, bytes / each));
    }

    private int read(LogStore logs, int max) {
        Page<LogLine> page = logs.read(jobId, position, max);
        long sentBefore = UNKNOWN;
        if (page.items().isEmpty() && page.next() < position) {
            // The ring is younger than the position: the job was removed and its id run again (or
            // every copy of the ring was lost). Read it from its start: a later job's first line
            // supersedes this cursor, and lines of this job it sent already are passed over.
            sentBefore = expectedSeq;
            page = logs.read(jobId, 0, max);
        }
        int taken = 0;
        for (LogLine line : page.items()) {
            if (!ofThisJob(line)) {
                if (supersededBy != 0) {
                    break;
                }
                continue;
            }
            if (line.getSeq() < sentBefore) {
                continue;
            }
            addLast(line);
            bytesRead += bytes(line);
            taken++;
        }
        linesRead += taken;
        position = page.next();
        return taken;
    }

    private void addLast(LogLine line) {
        pending.addLast(line);
        pendingBytes += bytes(line);
    }

    /**
     * Whether {@code line} is of the job this cursor reads; a line of a later job of the id marks
     * the cursor superseded. A line that names no creation time (an older agent's) is taken as
     * the cursor's job's.
     */
    private boolean ofThisJob(LogLine line) {
        long of = line.getJobCreatedUnixMs();
        if (of == 0 || of == incarnation) {
            return true;
        }
        if (incarnation == 0) {
            incarnation = of;
            return true;
        }
        if (of > incarnation) {
            supersededBy = Math.max(supersededBy, of);
        }
        return false;
    }

    private LogLine removeFirst() {
        LogLine line = pending.removeFirst();
        pendingBytes -= bytes(line);
        return line;
    }

    /** What a line costs held here, about: its text and its other fields. */
    private static long bytes(LogLine line) {
        return line.getLine().size() + LINE_OVERHEAD;
    }

    /**
     * Whether the next pending line may be taken now. When lines are missing before it, the host
     * is asked for them first ({@code hosts}, without blocking): until its answer is in, the
     * cursor is not ready and {@link #awaited()} says what to wait for; once it is, the lines the
     * host keeps go in front of the pending ones and {@code gaps} hears of those it could not get.
     */
    boolean ready(HostLogs hosts, Consumer<SkippedLines> gaps) {
        while (!pending.isEmpty()) {
            LogLine head = pending.peekFirst();
            if (head.getUnixMs() < sinceMs) {
                // Older than the time asked for, as (in time order) whatever is missing before it.
                removeFirst();
                expectedSeq = Math.max(expectedSeq, head.getSeq() + 1);
                continue;
            }
            long before = head.getSeq();
            if (expectedSeq == UNKNOWN || before <= expectedSeq) {
                return true;
            }
            if (fetches.isEmpty() && historyStart && sinceMs > 0 && !sought) {
                // History from the host: first find where its lines reach the time.
                if (seek == null) {
                    seek = SinceSeek.start(hosts, jobId, expectedSeq, before, sinceMs);
                }
                if (!seek.isDone()) {
                    return false;
                }
                expectedSeq = Math.max(expectedSeq, seek.join());
                seek = null;
                sought = true;
                continue;
            }
            ask(hosts, before);
            Fetch first = fetches.peekFirst();
            if (!first.answer().isDone()) {
                return false;
            }
            fetches.removeFirst();
            if (first.to() <= expectedSeq) {
                // Lines passed over meanwhile (older than the since time): nothing to take.
                continue;
            }
            Optional<HostLogs.Kept> kept = first.answer().join();
            if (kept.isEmpty() && retryUnreachable && ++unreachable < UNREACHABLE_TRIES) {
                // A host between coordinators (its holder was killed) is asked again shortly.
                int want = (int) (first.to() - first.from());
                fetches.addFirst(new Fetch(first.from(), first.to(), CompletableFuture
                        .supplyAsync(first::from, RETRY_DELAY).thenCompose(f -> hosts.read(jobId, f, want))));
                return false;
            }
            unreachable = 0;
            backfill(kept, Math.min(first.to(), before), gaps);
            // Look again: the host's lines go through the since filter too.
        }
        return false;
    }

    /**
     * Asks the host for the lines missing before {@code before}: a window from the seq expected
     * next when none asked for starts there, then windows behind the last, as many as may be
     * asked at once.
     */
    private void ask(HostLogs hosts, long before) {
        Fetch first = fetches.peekFirst();
        if (first == null || first.from() > expectedSeq) {
            // A window answered short (the host bounds its answers' bytes) left the rest unasked.
            long to = Math.min(first == null ? before : first.from(), expectedSeq + HostLogs.MAX_LINES);
            fetches.addFirst(fetch(hosts, expectedSeq, to));
        }
        for (long end = fetches.peekLast().to(); fetches.size() < MAX_FETCHES && end < before;
                end = fetches.peekLast().to()) {
            fetches.addLast(fetch(hosts, end, Math.min(before, end + HostLogs.MAX_LINES)));
        }
    }

    private Fetch fetch(HostLogs hosts, long from, long to) {
        return new Fetch(from, to, hosts.read(jobId, from, (int) (to - from)));
    }

    /** Whether lines missing before the pending ones are being asked of the host. */
    boolean awaitingHost() {
        return !fetches.isEmpty() || seek != null;
    }

    /** The host read the cursor waits for, or null when it waits for none. */
    CompletableFuture<?> awaited() {
        if (seek != null && !seek.isDone()) {
            return seek;
        }
        Fetch first = fetches.peekFirst();
        return first != null && !first.answer().isDone() ? first.answer() : null;
    }

    /** Takes the next line; only when {@link #ready}. */
    LogLine take(Consumer<SkippedLines> gaps) {
        historyStart = false;
        LogLine line = removeFirst();
        if (expectedSeq != UNKNOWN && line.getSeq() > expectedSeq) {
            gaps.accept(SkippedLines.newBuilder().setJobId(jobId).setFromSeq(expectedSeq)
                    .setToSeq(line.getSeq() - 1).build());
        }
        expectedSeq = Math.max(expectedSeq, line.getSeq() + 1);
        return line;
    }

    /**
     * Puts the host's kept lines of {@code [expectedSeq, before)} in front of the pending ones;
     * what it did not send is reported (or, past it, the next line's take reports it).
     */
    private void backfill(Optional<HostLogs.Kept> kept, long before, Consumer<SkippedLines> gaps) {
        if (kept.isEmpty()) {
            gaps.accept(SkippedLines.newBuilder().setJobId(jobId).setFromSeq(expectedSeq).setToSeq(before - 1)
                    .setHostUnreachable(true).build());
            expectedSeq = before;
            return;
        }
        List<LogLine> got = kept.get().lines().stream()
                .filter(l -> l.getSeq() >= expectedSeq && l.getSeq() < before)
                .filter(this::ofThisJob)
                .toList();
        if (got.isEmpty()) {
            // The host keeps nothing of the range any more: gone for good.
            if (!historyStart) {
                gaps.accept(SkippedLines.newBuilder().setJobId(jobId).setFromSeq(expectedSeq).setToSeq(before - 1).build());
            }
            expectedSeq = before;
            return;
        }
        if (historyStart) {
            // Lines older than the host keeps were asked for as history, not missed by a follower.
            expectedSeq = got.get(0).getSeq();
        }
        for (int i = got.size() - 1; i >= 0; i--) {
            pending.addFirst(got.get(i));
            pendingBytes += bytes(got.get(i));
        }
    }

    /** A host read of the lines of seqs {@code [from, to)}. */
    private record Fetch(long from, long to, CompletableFuture<Optional<HostLogs.Kept>> answer) {
    }
}
