package io.dmon.coordinator.store;

import com.google.protobuf.InvalidProtocolBufferException;
import com.hazelcast.map.EntryProcessor;
import io.dmon.proto.v1.JobStatus;
import java.util.Map;

/**
 * Applies a {@link StatusEdit} to one stored status in place: an agent's batch of events for
 * twenty jobs is one cluster call rather than forty (a read and a compare-and-set per job).
 */
final class StatusEditProcessor implements EntryProcessor<String, byte[], Boolean> {
    private static final long serialVersionUID = 1L;

    private final StatusEdit edit;

    StatusEditProcessor(StatusEdit edit) {
        this.edit = edit;
    }

    @Override
    public Boolean process(Map.Entry<String, byte[]> entry) {
        byte[] old = entry.getValue();
        JobStatus current;
        try {
            current = old == null ? JobStatus.getDefaultInstance() : JobStatus.parseFrom(old);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("unreadable status " + entry.getKey() + ": " + e.getMessage(), e);
        }
        JobStatus next = edit.apply(entry.getKey(), current);
        if (next.equals(current)) {
            return false;
        }
        entry.setValue(next.toByteArray());
        return true;
    }
}
