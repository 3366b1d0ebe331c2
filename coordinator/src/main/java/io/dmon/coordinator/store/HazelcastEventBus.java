package io.dmon.coordinator.store;

import com.hazelcast.ringbuffer.Ringbuffer;
import io.dmon.proto.v1.JobEvent;
import java.util.List;

/**
 * {@link EventBus} on the Ringbuffer {@code events}. Followers poll the ring rather than listen to
 * a topic: a ring gives "recent, then everything after" without a gap or a duplicate between the
 * two, and a follower that falls behind loses only what the ring no longer keeps.
 */
final class HazelcastEventBus implements EventBus {
    static final String RING = "events";

    private final ProtoRing<JobEvent> ring;

    HazelcastEventBus(Ringbuffer<byte[]> ring) {
        this.ring = new ProtoRing<>(ring, JobEvent.parser());
    }

    @Override
    public void publish(List<JobEvent> events) {
        ring.addAll(events);
    }

    @Override
    public Page<JobEvent> recent(int count) {
        return ring.tail(count);
    }

    @Override
    public Page<JobEvent> read(long from, int max) {
        return ring.read(from, max);
    }
}
