package io.dmon.coordinator.store;

import io.dmon.proto.v1.JobEvent;
import java.util.List;

/**
 * Job events from every agent, shared by all coordinators: a bounded ring of recent events that
 * any coordinator can follow, whichever coordinator the events came through.
 */
public interface EventBus {
    /** Appends the events in order; returns once they (and their backups) are written. */
    void publish(List<JobEvent> events);

    /** The last {@code count} events and the position to follow from. */
    Page<JobEvent> recent(int count);

    /** Up to {@code max} events from ring position {@code from} on, without waiting. */
    Page<JobEvent> read(long from, int max);
}
