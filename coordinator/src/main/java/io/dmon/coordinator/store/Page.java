package io.dmon.coordinator.store;

import java.util.List;

/**
 * Items read from a ring, oldest first, and the position to read from next. Positions belong to
 * the ring (they are not a log line's seq): a follower keeps {@link #next()} and asks again.
 *
 * @param items what was read, possibly nothing
 * @param next  the position after the last item read (or the position asked for, if nothing was)
 */
public record Page<T>(List<T> items, long next) {
    public Page {
        items = List.copyOf(items);
    }
}
