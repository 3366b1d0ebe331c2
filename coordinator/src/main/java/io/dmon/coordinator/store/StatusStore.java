package io.dmon.coordinator.store;

import io.dmon.proto.v1.JobStatus;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/** What the agents observe of their jobs, keyed by job id. */
public interface StatusStore {
    void put(JobStatus status);

    Optional<JobStatus> get(String id);

    /** Forgets the job's status (the job was removed). */
    void remove(String id);

    /** The statuses known for these ids; ids without one are absent from the map. */
    Map<String, JobStatus> getAll(Collection<String> ids);

    /** Stores these statuses (each replacing the job's) in one call to the cluster. */
    void putAll(Collection<JobStatus> statuses);

    /**
     * Applies {@code edit} atomically to the stored status of each of these ids, or to the default
     * instance when there is none, in one call to the cluster (the edits of different jobs are
     * not one transaction). An edit returning its argument unchanged writes nothing.
     */
    void mergeAll(Collection<String> ids, StatusEdit edit);
}
