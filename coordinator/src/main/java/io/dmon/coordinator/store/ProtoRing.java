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
            Page<M> page = read(next, (int) Math.min(MAX_BATCH, last - next + 1));
            if (page.items().isEmpty()) {
                break;
            }
            items.addAll(page.items());
            next = page.next();
        }
        return new Page<>(items, next);
    }

    /**
     * Up to {@code max} items from {@code from} on, without waiting for more. A position that has
     * been overwritten already reads from the oldest item kept.
     */
    Page<M> read(long from, int max) {
        long start = Math.max(0, from);
        ReadResultSet<byte[]> result;
        try {
            // Hazelcast refuses to read more than the capacity at once (capacity() is local).
            int count = (int) Math.min(Math.min(max, MAX_BATCH), ring.capacity());
            result = await(ring.readManyAsync(start, 0, count, null));
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
