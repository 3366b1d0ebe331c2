package io.dmon.coordinator.operator;

import io.dmon.proto.v1.LogLine;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The lines each host keeps of its jobs (the record; the coordinators' ring is a hot cache),
 * asked for through the host's agent session, wherever it is held, when a reader needs lines the
 * ring no longer holds.
 */
@FunctionalInterface
public interface HostLogs {
    /** Lines asked for at once at most. */
    int MAX_LINES = 5000;

    /**
     * Up to {@code maxLines} kept lines of the job from seq {@code from} on. Never blocks: the
     * future completes, within a bounded time, with the lines, or empty when the host cannot be
     * asked now (no coordinator holds its session, or it did not answer in time). It never fails.
     */
    CompletableFuture<Optional<Kept>> read(String jobId, long from, int maxLines);

    /** No host is ever asked (every range is unreachable). */
    HostLogs NONE = (jobId, from, maxLines) -> CompletableFuture.completedFuture(Optional.empty());

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
