package io.dmon.coordinator.store;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import com.hazelcast.ringbuffer.OverflowPolicy;
import com.hazelcast.ringbuffer.ReadResultSet;
import com.hazelcast.ringbuffer.Ringbuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/** A Hazelcast {@link Ringbuffer} of proto messages stored as their bytes. */
final class ProtoRing<M extends MessageLite> {
    /** Hazelcast refuses to read or add more than this many items in one call. */
    static final int MAX_BATCH = 1000;
    /** Items one read of a tail asks for: several calls' worth, made at once. */
    private static final int TAIL_BATCH = 10 * MAX_BATCH;

    private final Ringbuffer<byte[]> ring;
    private final Parser<M> parser;

    ProtoRing(Ringbuffer<byte[]> ring, Parser<M> parser) {
        this.ring = ring;
        this.parser = parser;
    }

    /**
     * Appends in order, overwriting the oldest; returns once written with the sync backups. More
     * than {@link #MAX_BATCH} items go in several calls, each once the one before completed: a
     * failure leaves a prefix of the items written, never a later part without an earlier one.
     */
    void addAll(List<M> items) {
        for (int from = 0; from < items.size(); from += MAX_BATCH) {
            List<M> part = items.subList(from, Math.min(items.size(), from + MAX_BATCH));
            List<byte[]> bytes = new ArrayList<>(part.size());
            for (M item : part) {
                bytes.add(item.toByteArray());
            }
            await(ring.addAllAsync(bytes, OverflowPolicy.OVERWRITE));
        }
    }

    /** The last {@code count} items ({@code count < 0}: all kept) and the position after them. */
    Page<M> tail(int count) {
        long last = ring.tailSequence();
        long head = ring.headSequence();
        if (count == 0 || last < head) {
            return new Page<>(List.of(), last + 1);
        }
        long from = count < 0 ? head : Math.max(head, last - count + 1);
        List<M> items = new ArrayList<>();
        long next = from;
        while (next <= last) {
            Page<M> page = read(next, (int) Math.min(TAIL_BATCH, last - next + 1));
            if (page.items().isEmpty()) {
                break;
            }
            items.addAll(page.items());
            next = page.next();
        }
        return new Page<>(items, next);
    }

    /**
     * Up to {@code max} items from {@code from} on, without waiting for more, at consecutive
     * positions ending before {@link Page#next()}. A position that has been overwritten already
     * reads from the oldest item kept. More than one Hazelcast call's
     * worth is read, after a first call that came back full, in calls made at once, as far as the
     * ring holds now: a reader far behind catches up in three round trips, not one per thousand
     * items (reading a thousand at a time, a follower of a job writing 200,000 lines a second
     * fell out of its 10,000-line ring).
     */
    Page<M> read(long from, int max) {
        long start = Math.max(0, from);
        // Hazelcast refuses to read more than the capacity at once (capacity() is local).
        int perCall = (int) Math.min(MAX_BATCH, ring.capacity());
        Page<M> first = readOnce(start, Math.min(max, perCall));
        if (max <= perCall || first.items().size() < perCall) {
            return first;
        }
        // A reader behind: the rest, as far as the ring holds now, in calls made at once.
        long end = Math.min(ring.tailSequence() + 1, start + max);
        List<CompletionStage<ReadResultSet<byte[]>>> calls = new ArrayList<>();
        for (long part = first.next(); part < end; part += perCall) {
            calls.add(ring.readManyAsync(part, 0, (int) Math.min(perCall, end - part), null));
        }
        List<M> items = new ArrayList<>(first.items());
        long next = first.next();
        boolean contiguous = true;
        for (CompletionStage<ReadResultSet<byte[]>> call : calls) {
            ReadResultSet<byte[]> result = await(call);
            for (int i = 0; contiguous && i < result.size(); i++) {
                long position = result.getSequence(i);
                if (position > next) {
                    // The part's start was overwritten meanwhile: it read from the oldest kept.
                    // The page ends before the hole (its items fill the positions before next);
                    // the next read, from the hole, starts at the oldest kept as any read does.
                    contiguous = false;
                } else if (position == next) {
                    items.add(parse(result.get(i)));
                    next = position + 1;
                }
            }
        }
        return new Page<>(items, next);
    }

    /** Up to {@code max} (at most one call's worth) items from {@code start} on. */
    private Page<M> readOnce(long start, int max) {
        ReadResultSet<byte[]> result;
        try {
            result = await(ring.readManyAsync(start, 0, max, null));
        } catch (IllegalArgumentException e) {
            long end = ring.tailSequence() + 1;
            if (start <= end) {
                throw e;
            }
            // The ring is younger than the position (its data was lost with every copy of it):
            // go on from its end rather than never read again.
            return new Page<>(List.of(), end);
        }
        List<M> items = new ArrayList<>(result.size());
        for (byte[] bytes : result) {
            items.add(parse(bytes));
        }
        return new Page<>(items, result.readCount() == 0 ? start : result.getNextSequenceToReadFrom());
    }

    private M parse(byte[] bytes) {
        try {
            return parser.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(
                    "unreadable item in ringbuffer " + ring.getName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The result of a Hazelcast call. Hazelcast bounds every call with its operation timeout, so
     * waiting without one of our own never hangs for ever.
     */
    static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for the store");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
