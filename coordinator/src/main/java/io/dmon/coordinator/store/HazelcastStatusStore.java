package io.dmon.coordinator.store;

import com.hazelcast.map.IMap;
import io.dmon.proto.v1.JobStatus;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;

/** {@link StatusStore} on the IMap {@code statuses}: job id to {@link JobStatus} bytes. */
final class HazelcastStatusStore implements StatusStore {
    private final ProtoMap<JobStatus> statuses;

    HazelcastStatusStore(IMap<String, byte[]> map) {
        this.statuses = new ProtoMap<>(map, JobStatus.parser());
    }

    @Override
    public void put(JobStatus status) {
        statuses.set(status.getId(), status);
    }

    @Override
    public void remove(String id) {
        statuses.raw().delete(id);
    }

    @Override
    public Optional<JobStatus> get(String id) {
        return statuses.get(id);
    }

    @Override
    public Map<String, JobStatus> getAll(Collection<String> ids) {
        return statuses.getAll(ids);
    }

    @Override
    public void putAll(Collection<JobStatus> all) {
        Map<String, byte[]> bytes = new HashMap<>();
        for (JobStatus status : all) {
            bytes.put(status.getId(), status.toByteArray());
        }
        if (!bytes.isEmpty()) {
            statuses.raw().setAll(bytes);
        }
    }

    @Override
    public void mergeAll(Collection<String> ids, StatusEdit edit) {
        if (!ids.isEmpty()) {
            statuses.raw().executeOnKeys(new HashSet<>(ids), new StatusEditProcessor(edit));
        }
    }
}
