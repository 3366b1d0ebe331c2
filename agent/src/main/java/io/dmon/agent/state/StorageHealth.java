package io.dmon.agent.state;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether the agent can write its disk: the state directory (job records, the assignment, pause
 * records) and the log spool, each judged by its last write. A failed write makes the host's
 * condition (sent with every heartbeat, shown by {@code dmonctl hosts}); the next write of the
 * same area that works clears it, so a disk that gets space back heals by itself. Changes of the
 * whole condition, failed and recovered, wait in {@link #takeChanges} to become events.
 *
 * <p>Thread-safe: jobs' pumps and threads report, the link reads.
 */
public final class StorageHealth {
    /** What the host's condition did: failed (with why) or recovered. */
    public record Change(boolean failed, String cause, long unixMs) {
    }

    /** The state directory's writes. */
    public static final String STATE = "state directory";
    /** The log spool's writes. */
    public static final String SPOOL = "log spool";
    /** Changes kept for the link at most: a flapping disk must not grow the heap. */
    private static final int MAX_CHANGES = 64;
    /** A cause is one line of bounded length: it travels in heartbeats and events. */
    private static final int MAX_CAUSE = 300;

    private final Map<String, String> failing = new LinkedHashMap<>();
    private final List<Change> changes = new ArrayList<>();

    /** A write of {@code area} failed with {@code cause} (one line, no file contents). */
    public synchronized void failed(String area, String cause) {
        boolean wasHealthy = failing.isEmpty();
        String line = (area + ": " + cause).replace('\n', ' ');
        failing.put(area, line.length() > MAX_CAUSE ? line.substring(0, MAX_CAUSE - 3) + "..." : line);
        if (wasHealthy) {
            add(new Change(true, condition(), System.currentTimeMillis()));
        }
    }

    /** A write of {@code area} worked. */
    public synchronized void worked(String area) {
        if (failing.remove(area) != null && failing.isEmpty()) {
            add(new Change(false, area + " writable again", System.currentTimeMillis()));
        }
    }

    /** Empty when every write works, else what fails and why ({@code log spool: ...; state directory: ...}). */
    public synchronized String condition() {
        return String.join("; ", failing.values());
    }

    /** The changes since the last call, oldest first. */
    public synchronized List<Change> takeChanges() {
        List<Change> taken = List.copyOf(changes);
        changes.clear();
        return taken;
    }

    private void add(Change change) {
        if (changes.size() >= MAX_CHANGES) {
            changes.remove(0);
        }
        changes.add(change);
    }
}
