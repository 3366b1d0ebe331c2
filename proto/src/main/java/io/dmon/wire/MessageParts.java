package io.dmon.wire;

import com.google.protobuf.MessageLite;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a list of messages into parts of at most {@link #PART_BYTES} serialized bytes each, for
 * the session messages that carry a host's jobs (an assignment, a register): one host's jobs may
 * together exceed the largest message gRPC accepts ({@link RequestLimits#MAX_MESSAGE_BYTES}),
 * while one job never does ({@link RequestLimits#MAX_SPEC_BYTES}). An item larger than a part
 * makes a part of its own.
 */
public final class MessageParts {
    /** A quarter of the message limit: room for the message's other fields and framing. */
    public static final int PART_BYTES = RequestLimits.MAX_MESSAGE_BYTES / 4;

    private MessageParts() {
    }

    /** At least one part (empty when {@code items} is), in the order of {@code items}. */
    public static <T extends MessageLite> List<List<T>> split(List<T> items) {
        return split(items, PART_BYTES);
    }

    static <T extends MessageLite> List<List<T>> split(List<T> items, int partBytes) {
        List<List<T>> parts = new ArrayList<>();
        List<T> part = new ArrayList<>();
        long bytes = 0;
        for (T item : items) {
            // A repeated field costs the item's bytes plus its tag and length prefix (at most 6 bytes).
            int size = item.getSerializedSize() + 6;
            if (!part.isEmpty() && bytes + size > partBytes) {
                parts.add(part);
                part = new ArrayList<>();
                bytes = 0;
            }
            part.add(item);
            bytes += size;
        }
        parts.add(part);
        return parts;
    }
}
