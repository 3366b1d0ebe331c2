package io.dmon.coordinator.store;

import com.hazelcast.map.IMap;
import io.dmon.proto.v1.JobStatus;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

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
    public Optional<JobStatus> get(String id) {
        return statuses.get(id);
    }

    @Override
    public Map<String, JobStatus> getAll(Collection<String> ids) {
        return statuses.getAll(ids);
    }

    @Override
    public JobStatus merge(String id, UnaryOperator<JobStatus> change) {
        return statuses.merge(id, JobStatus.getDefaultInstance(), change);
    }
}
