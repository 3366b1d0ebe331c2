package io.dmon.coordinator.operator;

import io.dmon.proto.v1.LogLine;
import java.util.List;
import java.util.Optional;

/**
 * The lines each host keeps of its jobs (the record; the coordinators' ring is a hot cache),
 * asked for through the host's agent session when a reader needs lines the ring no longer holds.
 */
@FunctionalInterface
public interface HostLogs {
    /** Lines asked for at once at most. */
    int MAX_LINES = 5000;

    /**
     * Up to {@code maxLines} kept lines of the job from seq {@code from} on, or empty when its
     * host cannot be asked now (DOWN, or its session is not held by this coordinator). Blocks
     * for a bounded time.
     */
    Optional<Kept> read(String jobId, long from, int maxLines);

    /** No host is ever asked (every range is unreachable). */
    HostLogs NONE = (jobId, from, maxLines) -> Optional.empty();

    /**
     * What a host answered.
     *
     * @param lines      from the first kept at or after the seq asked, in seq order
     * @param oldestKept the oldest seq the host keeps of the job
     */
    record Kept(List<LogLine> lines, long oldestKept) {
        public Kept {
            lines = List.copyOf(lines);
        }
    }
}
