package io.dmon.coordinator.store;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.dmon.proto.v1.LogLine;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@link LogStore} on a Ringbuffer {@code log:<jobId>} per job and the IMap {@code log-cursors}
 * (job id to the highest seq stored).
 */
final class HazelcastLogStore implements LogStore {
    static final String RING_PREFIX = "log:";
    static final String CURSORS = "log-cursors";
    /** A member that dies holding a job's lock frees it with its death; this only bounds a bug. */
    private static final long LOCK_LEASE_SECONDS = 60;

    private final HazelcastInstance hazelcast;
    private final IMap<String, Long> cursors;

    HazelcastLogStore(HazelcastInstance hazelcast) {
        this.hazelcast = hazelcast;
        this.cursors = hazelcast.getMap(CURSORS);
    }

    @Override
    public long append(String jobId, List<LogLine> lines) {
        // The job's lock makes "read cursor, append, move cursor" one step: an agent that moved
        // to another coordinator may replay lines while its old session still writes.
        cursors.lock(jobId, LOCK_LEASE_SECONDS, TimeUnit.SECONDS);
        try {
            long stored = cursor(jobId);
            List<LogLine> fresh = new ArrayList<>();
            long highest = stored;
            for (LogLine line : sorted(lines)) {
                if (line.getSeq() > highest) {
                    fresh.add(line);
                    highest = line.getSeq();
                }
            }
            if (fresh.isEmpty()) {
                return stored;
            }
            ring(jobId).addAll(fresh);
            cursors.set(jobId, highest);
            return highest;
        } finally {
            cursors.unlock(jobId);
        }
    }

    @Override
    public long cursor(String jobId) {
        Long stored = cursors.get(jobId);
        return stored == null ? 0 : stored;
    }

    @Override
    public Page<LogLine> tail(String jobId, int count) {
        return ring(jobId).tail(count);
    }

    @Override
    public Page<LogLine> read(String jobId, long from, int max) {
        return ring(jobId).read(from, max);
    }

    private ProtoRing<LogLine> ring(String jobId) {
        return new ProtoRing<>(hazelcast.getRingbuffer(RING_PREFIX + jobId), LogLine.parser());
    }

    private static List<LogLine> sorted(List<LogLine> lines) {
        List<LogLine> copy = new ArrayList<>(lines);
        copy.sort(Comparator.comparingLong(LogLine::getSeq));
        return copy;
    }
}
