package io.dmon.coordinator.agents;

import io.dmon.coordinator.store.LogStore;
import io.dmon.proto.v1.LogLine;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Stores the agents' log lines without holding their sessions up: each job's lines wait in a
 * queue of their own, and one write at a time per job takes everything queued into one store
 * append. While an append waits for its backup, the lines that arrive meanwhile gather behind it
 * and go in the next: under load an append carries many agent messages, and no backlog of
 * one-line messages builds up (one append per message cost over a millisecond, so at 1,000
 * messages a second the coordinator fell seconds behind).
 *
 * <p>Each source (an agent session) is told, per job, the seq up to which everything is stored,
 * once the append that holds its lines returned (so with their backups); or the failure, once,
 * when the store refused them (the agent then sends them again through a new session).
 *
 * <p>A job removed and run again under the same id is another job, whose seqs start at 1 again:
 * each line names the job's creation time ({@code job_created_unix_ms}), and lines of a job of the
 * id that the fleet no longer holds (a removed one's, still on their way) are not stored but
 * acknowledged as such, so its host lets go of them and they never pass for the new job's.
 *
 * <p>Bounded: the bytes of lines queued are bounded per source and in all; a source offering more
 * waits in {@link #offer} (gRPC then stops reading from its agent) until writes free room.
 * Thread-safe; the writes run on the executor, at most one per job at a time.
 */
final class LogIngest implements AutoCloseable {
    /**
     * Lines in one append at most, and at most a quarter of a job's ring: readers are woken once
     * an append is stored, so an append as long as the ring would overwrite its own first lines
     * before anyone could read them (they would then come from the host, far more slowly). A
     * single message's lines still go whole.
     */
    static final int MAX_APPEND_LINES = 20_000;
    /** Line bytes in one append at most (one Hazelcast operation and its backup). */
    static final long MAX_APPEND_BYTES = 4L << 20;
    /**
     * How long one writer keeps a job while more of its lines keep coming: its other writers
     * (an agent's new session on another coordinator) and its removal wait this long at most.
     */
    static final long HOLD_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final System.Logger LOG = System.getLogger(LogIngest.class.getName());
    /** What a line costs besides its text, in the bound on queued bytes. */
    private static final int LINE_OVERHEAD = 64;

    /** Where a source hears about its lines. */
    interface Source {
        /**
         * Everything of {@code jobId} (the job created at {@code incarnation}, 0: not said) up to
         * {@code seq} is stored with its backups, or dropped as lines of a job no longer held.
         */
        void stored(String jobId, long incarnation, long seq);

        /** Lines of this source could not be stored; called at most once per failed append. */
        void failed(RuntimeException failure);

        /** The bytes this source may have queued; it waits for room beyond them. */
        Room room();
    }

    /** The creation time of the job the fleet holds under an id now; empty when it holds none. */
    interface Incarnations {
        OptionalLong of(String jobId);
    }

    private final LogStore store;
    private final Incarnations incarnations;
    private final Executor writers;
    private final Room room;
    private final int maxAppendLines;
    /** Per job, its queued lines and whether a write of it runs; guarded by {@code this}. */
    private final Map<String, JobQueue> queues = new HashMap<>();
    private volatile boolean closed;

    /** @param totalBytes the bytes queued across all sources at most */
    LogIngest(LogStore store, Incarnations incarnations, Executor writers, int totalBytes) {
        this.store = store;
        this.incarnations = incarnations;
        this.writers = writers;
        this.room = new Room(totalBytes);
        this.maxAppendLines = Math.max(1, Math.min(MAX_APPEND_LINES, store.capacity() / 4));
    }

    /**
     * Queues lines of one job, in the order the source sent them, waiting while the source's
     * room or the ingest's is full.
     *
     * @throws CancellationException when the ingest closed, or the thread was interrupted, first
     */
    void offer(String jobId, List<LogLine> lines, Source source) {
        int bytes = 0;
        for (LogLine line : lines) {
            bytes += line.getLine().size() + LINE_OVERHEAD;
        }
        int own = source.room().acquire(bytes, this::isClosed);
        int shared;
        try {
            shared = room.acquire(bytes, this::isClosed);
        } catch (CancellationException e) {
            source.room().release(own);
            throw e;
        }
        boolean start;
        synchronized (this) {
            JobQueue queue = queues.computeIfAbsent(jobId, id -> new JobQueue());
            queue.items.add(new Pending(lines, bytes, source, own, shared));
            start = !queue.writing;
            queue.writing = true;
        }
        if (start) {
            schedule(jobId);
        }
    }

    /** Fails what is queued and refuses more; writes under way finish. */
    @Override
    public void close() {
        closed = true;
        List<Pending> dropped = new ArrayList<>();
        synchronized (this) {
            for (JobQueue queue : queues.values()) {
                dropped.addAll(queue.items);
                queue.items.clear();
            }
        }
        fail(dropped, new CancellationException("coordinator closing"));
    }

    private boolean isClosed() {
        return closed;
    }

    private void schedule(String jobId) {
        try {
            writers.execute(() -> write(jobId));
        } catch (RejectedExecutionException e) {
            List<Pending> dropped;
            synchronized (this) {
                JobQueue queue = queues.remove(jobId);
                dropped = queue == null ? List.of() : new ArrayList<>(queue.items);
            }
            fail(dropped, new CancellationException("coordinator closing"));
        }
    }

    /**
     * Appends what the job has queued, and what queues meanwhile, under one hold of the job
     * ({@link LogStore#open}) for at most {@link #HOLD_NANOS}; then again later, turn by turn
     * with the other jobs, if more is queued.
     */
    private void write(String jobId) {
        List<Pending> taken = take(jobId);
        if (!taken.isEmpty()) {
            long until = System.nanoTime() + HOLD_NANOS;
            LogStore.Appender appender = null;
            try {
                appender = store.open(jobId);
                // Under the job's lock, which its removal takes too: the job held now stays so
                // until the appender is closed.
                OptionalLong current = incarnations.of(jobId);
                while (!taken.isEmpty()) {
                    List<LogLine> lines = new ArrayList<>();
                    Map<Source, Map<Long, Long>> acks = new LinkedHashMap<>();
                    for (Pending p : taken) {
                        Map<Long, Long> ack = acks.computeIfAbsent(p.source, s -> new LinkedHashMap<>());
                        for (LogLine line : p.lines) {
                            long of = line.getJobCreatedUnixMs();
                            if (held(of, current)) {
                                lines.add(line);
                                ack.put(of, STORED);
                            } else if (ack.getOrDefault(of, 0L) != STORED) {
                                ack.merge(of, line.getSeq(), Math::max);
                            }
                        }
                    }
                    long stored = lines.isEmpty() ? 0 : appender.append(lines);
                    List<Pending> done = taken;
                    taken = List.of();
                    acks.forEach((source, ack) -> ack.forEach((of, seq) ->
                            source.stored(jobId, of, seq == STORED ? stored : seq)));
                    release(done);
                    if (System.nanoTime() - until >= 0) {
                        break;
                    }
                    taken = take(jobId);
                }
            } catch (RuntimeException e) {
                fail(taken, e);
            } finally {
                if (appender != null) {
                    close(appender, jobId);
                }
            }
        }
        boolean again;
        synchronized (this) {
            JobQueue queue = queues.get(jobId);
            again = queue != null && !queue.items.isEmpty();
            if (queue != null && !again) {
                queues.remove(jobId);
            }
        }
        if (again) {
            // To the back of the executor's queue: other jobs' writes go first, turn by turn.
            schedule(jobId);
        }
    }

    /** In an ack being gathered: the incarnation's lines are stored, up to what the append returns. */
    private static final long STORED = -1;

    /**
     * Whether a line of the job created at {@code of} is the held job's: a line that does not say
     * (an older agent's) is taken to be, as is any line of a job whose creation is not known.
     */
    private static boolean held(long of, OptionalLong current) {
        return of == 0 || current.isPresent() && (current.getAsLong() == 0 || current.getAsLong() == of);
    }

    private static void close(LogStore.Appender appender, String jobId) {
        try {
            appender.close();
        } catch (RuntimeException e) {
            // What it stored is stored and acknowledged; the job's lock lapses with its lease.
            LOG.log(Level.WARNING, "job " + jobId + ": could not let go of its log after appending: " + e.getMessage());
        }
    }

    /** The job's queued lines, oldest first, up to one append's worth (at least one message). */
    private synchronized List<Pending> take(String jobId) {
        JobQueue queue = queues.get(jobId);
        List<Pending> taken = new ArrayList<>();
        if (queue == null) {
            return taken;
        }
        int lines = 0;
        long bytes = 0;
        while (!queue.items.isEmpty()) {
            Pending next = queue.items.peekFirst();
            if (!taken.isEmpty() && (lines + next.lines.size() > maxAppendLines
                    || bytes + next.bytes > MAX_APPEND_BYTES)) {
                break;
            }
            taken.add(queue.items.removeFirst());
            lines += next.lines.size();
            bytes += next.bytes;
        }
        return taken;
    }

    private void fail(List<Pending> pendings, RuntimeException failure) {
        for (Source source : sources(pendings)) {
            source.failed(failure);
        }
        release(pendings);
    }

    private void release(List<Pending> pendings) {
        for (Pending p : pendings) {
            p.source.room().release(p.ownBytes);
            room.release(p.sharedBytes);
        }
    }

    private static Set<Source> sources(List<Pending> pendings) {
        Set<Source> sources = new LinkedHashSet<>();
        for (Pending p : pendings) {
            sources.add(p.source);
        }
        return sources;
    }

    /** One job's lines waiting, and whether a write of the job is under way or scheduled. */
    private static final class JobQueue {
        final ArrayDeque<Pending> items = new ArrayDeque<>();
        boolean writing;
    }

    /** Lines of one message for one job, their bytes, and the room they hold. */
    private record Pending(List<LogLine> lines, int bytes, Source source, int ownBytes, int sharedBytes) {
    }

    /**
     * Room for queued bytes. A message larger than the whole room takes all of it (it waits for
     * the room to be empty), so any message fits eventually.
     */
    static final class Room {
        private final Semaphore permits;
        private final int capacity;

        Room(int capacity) {
            this.permits = new Semaphore(capacity);
            this.capacity = capacity;
        }

        /**
         * Takes room for {@code bytes}, waiting for it; returns what it took.
         *
         * @throws CancellationException once {@code closed} says so, or when interrupted
         */
        int acquire(int bytes, BooleanSupplier closed) {
            int wanted = Math.min(bytes, capacity);
            try {
                while (!permits.tryAcquire(wanted, 1, TimeUnit.SECONDS)) {
                    if (closed.getAsBoolean()) {
                        throw new CancellationException("coordinator closing");
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("interrupted while queueing log lines");
            }
            return wanted;
        }

        void release(int bytes) {
            permits.release(bytes);
        }
    }
}
