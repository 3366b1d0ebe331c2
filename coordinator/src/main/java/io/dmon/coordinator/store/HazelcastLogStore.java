package io.dmon.coordinator.store;

import com.google.protobuf.InvalidProtocolBufferException;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.ringbuffer.Ringbuffer;
import com.hazelcast.topic.ITopic;
import io.dmon.proto.v1.LogLine;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@link LogStore} on a Ringbuffer {@code log:<jobId>} per job. The ring is the only record of
 * what is stored: the highest seq stored is the seq of the ring's newest line. (A separate map of
 * cursors lives in other partitions, possibly on other members, than the ring, and a member dying
 * between the two writes would leave them disagreeing: lines stored twice, or lost as "already
 * stored".) The IMap {@code log-cursors} only holds the per-job locks.
 *
 * <p>Why an acknowledged line has its backup: {@link #append} returns only after
 * {@code Ringbuffer.addAllAsync} completed, and that completes only once the partition's owner
 * applied the lines and every synchronous backup (the ring's backup count, async backups 0, see
 * {@link MemberConfigFactory}) acknowledged its copy. The coordinator acknowledges to the agent
 * what {@link #append} returned, after that. Two limits, both Hazelcast's: a cluster of one member
 * has nobody to hold a backup, and a backup member that does not answer within Hazelcast's backup
 * timeout (5 s; it is dying or hung) lets the call complete without it, its copy being rebuilt
 * from the owner when the partition table is repaired.
 *
 * <p>Bounded in bytes as well as lines: a line longer than the ring's share per line
 * ({@code --log-capacity-bytes / --log-capacity}) is stored cut to that share, the bytes left out
 * counted in its {@code cut_bytes}; the whole line stays in its host's store.
 *
 * <p>An {@link Appender} holds the job's lock across several appends: after the first, each costs
 * only its write (the lock, the newest seq and the unlock were three round trips more per append,
 * as much as writing 2,000 lines).
 *
 * <p>Each append that stored lines is announced on the ITopic {@code log-appends} (the job's id),
 * heard by every member: followers wake at once rather than at their next look.
 *
 * <p>Reads skip a line whose seq is not above the one before it. Only a retried write can put
 * one there: when a ring's owner dies after its backup applied the lines but before answering,
 * Hazelcast repeats the call on the promoted backup. The agent cannot be acked twice for them
 * (the lock makes append's read-and-write one step), and readers never see the repeat.
 */
final class HazelcastLogStore implements LogStore {
    static final String RING_PREFIX = "log:";
    /** Per-job locks (no entries): one append of a job at a time, cluster-wide. */
    static final String CURSORS = "log-cursors";
    /** The ids of jobs whose lines were just appended. */
    static final String APPENDS = "log-appends";
    /** A member that dies holding a job's lock frees it with its death; this only bounds a bug. */
    private static final long LOCK_LEASE_SECONDS = 60;

    private final HazelcastInstance hazelcast;
    private final IMap<String, Long> locks;
    private final ITopic<String> appends;
    private final int lineBytes;
    private final int capacity;

    /** A store keeping every line whole. */
    HazelcastLogStore(HazelcastInstance hazelcast) {
        this(hazelcast, Integer.MAX_VALUE);
    }

    /** A store keeping at most {@code lineBytes} of each line. */
    HazelcastLogStore(HazelcastInstance hazelcast, int lineBytes) {
        this.hazelcast = hazelcast;
        this.locks = hazelcast.getMap(CURSORS);
        this.appends = hazelcast.getTopic(APPENDS);
        this.lineBytes = lineBytes;
        this.capacity = hazelcast.getConfig().findRingbufferConfig(RING_PREFIX + "any").getCapacity();
    }

    @Override
    public long append(String jobId, List<LogLine> lines) {
        try (Appender appender = open(jobId)) {
            return appender.append(lines);
        }
    }

    @Override
    public Appender open(String jobId) {
        // The job's lock makes "read the newest seq, append" one step: an agent that moved to
        // another coordinator may replay lines while its old session still writes them. Held
        // across the appender's appends, it makes the newest seq this appender's to know.
        locks.lock(jobId, LOCK_LEASE_SECONDS, TimeUnit.SECONDS);
        try {
            return new RingAppender(jobId, ring(jobId), newestSeq(jobId));
        } catch (RuntimeException e) {
            locks.unlock(jobId);
            throw e;
        }
    }

    /** Appends of one job under its lock, taken by {@link #open} and let go by {@link #close}. */
    private final class RingAppender implements Appender {
        private final String jobId;
        private final ProtoRing<LogLine> ring;
        private long newest;
        /** An append failed part-way: what the ring holds is not known here any more. */
        private boolean spoiled;

        RingAppender(String jobId, ProtoRing<LogLine> ring, long newest) {
            this.jobId = jobId;
            this.ring = ring;
            this.newest = newest;
        }

        @Override
        public long append(List<LogLine> lines) {
            if (spoiled) {
                throw new IllegalStateException("an earlier append of " + jobId + " failed");
            }
            List<LogLine> fresh = new ArrayList<>();
            long highest = newest;
            // Anything above the newest stored is taken, gaps included: the agent dropped those
            // seqs from a full spool (and said so with a SPOOL_OVERFLOW event); nobody will send them.
            for (LogLine line : sorted(lines)) {
                if (line.getSeq() > highest) {
                    fresh.add(withinShare(line));
                    highest = line.getSeq();
                }
            }
            if (fresh.isEmpty()) {
                return newest;
            }
            spoiled = true;
            // Returns once the owner and every sync backup hold them (see the class notes).
            ring.addAll(fresh);
            spoiled = false;
            newest = highest;
            // Sent without waiting for anyone: the readers are told while the lock is still held.
            appends.publish(jobId);
            return newest;
        }

        @Override
        public void close() {
            locks.unlock(jobId);
        }
    }

    @Override
    public void remove(String jobId) {
        // Under the job's lock: an append of the job's last lines in flight finishes first.
        locks.lock(jobId, LOCK_LEASE_SECONDS, TimeUnit.SECONDS);
        try {
            rawRing(jobId).destroy();
        } finally {
            locks.unlock(jobId);
        }
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public long cursor(String jobId) {
        return newestSeq(jobId);
    }

    @Override
    public Page<LogLine> tail(String jobId, int count) {
        if (count == 0) {
            return ring(jobId).tail(0);
        }
        // One more than asked: the line before the first decides whether that one is a repeat.
        Page<LogLine> page = ring(jobId).tail(count < 0 ? count : count + 1);
        List<LogLine> kept = increasing(page.items(), Long.MIN_VALUE);
        if (count > 0 && kept.size() > count) {
            kept = kept.subList(kept.size() - count, kept.size());
        }
        return new Page<>(kept, page.next());
    }

    @Override
    public Page<LogLine> read(String jobId, long from, int max) {
        if (from <= 0) {
            Page<LogLine> page = ring(jobId).read(from, max);
            return new Page<>(increasing(page.items(), Long.MIN_VALUE), page.next());
        }
        // From the line before, in the same call: its seq is where the lines asked for must start above.
        Page<LogLine> page = ring(jobId).read(from - 1, (int) Math.min((long) max + 1, Integer.MAX_VALUE));
        List<LogLine> items = page.items();
        if (items.isEmpty()) {
            // Not even the line before is there: the ring is younger than the position (every copy
            // of it was lost); the page says where its end is.
            return page;
        }
        long firstPosition = page.next() - items.size();
        if (firstPosition != from - 1) {
            // The line before was overwritten already: the page starts at the oldest kept.
            return new Page<>(increasing(items, Long.MIN_VALUE), page.next());
        }
        return new Page<>(increasing(items.subList(1, items.size()), items.get(0).getSeq()), page.next());
    }

    @Override
    public Subscription onAppend(Consumer<String> listener) {
        UUID id = appends.addMessageListener(message -> listener.accept(message.getMessageObject()));
        return () -> appends.removeMessageListener(id);
    }

    /** The line, or its first {@link #lineBytes} bytes with the rest counted as cut. */
    private LogLine withinShare(LogLine line) {
        int size = line.getLine().size();
        if (size <= lineBytes) {
            return line;
        }
        return line.toBuilder().setLine(line.getLine().substring(0, lineBytes))
                .setCutBytes(line.getCutBytes() + size - lineBytes).build();
    }

    private ProtoRing<LogLine> ring(String jobId) {
        return new ProtoRing<>(rawRing(jobId), LogLine.parser());
    }

    private Ringbuffer<byte[]> rawRing(String jobId) {
        return hazelcast.getRingbuffer(RING_PREFIX + jobId);
    }

    /**
     * The seq of the ring's newest line, 0 when it has none. Called under the job's lock (or for a
     * glance): nothing overwrites the newest line between the two calls.
     */
    private long newestSeq(String jobId) {
        Ringbuffer<byte[]> ring = rawRing(jobId);
        long tail = ring.tailSequence();
        if (tail < 0) {
            return 0;
        }
        try {
            return LogLine.parseFrom(ring.readOne(tail)).getSeq();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while reading the log store");
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("unreadable line in ringbuffer " + ring.getName() + ": " + e.getMessage(), e);
        }
    }

    /** The lines whose seq is above every seq before them (and above {@code after}). */
    private static List<LogLine> increasing(List<LogLine> lines, long after) {
        List<LogLine> kept = new ArrayList<>(lines.size());
        long last = after;
        for (LogLine line : lines) {
            if (line.getSeq() > last) {
                kept.add(line);
                last = line.getSeq();
            }
        }
        return kept;
    }

    /** The lines in seq order: as given when they are (as agents send them), else a sorted copy. */
    private static List<LogLine> sorted(List<LogLine> lines) {
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i - 1).getSeq() > lines.get(i).getSeq()) {
                List<LogLine> copy = new ArrayList<>(lines);
                copy.sort(Comparator.comparingLong(LogLine::getSeq));
                return copy;
            }
        }
        return lines;
    }
}
