package io.dmon.coordinator.store;

import io.dmon.proto.v1.JobStatus;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** What the agents observe of their jobs, keyed by job id. */
public interface StatusStore {
    void put(JobStatus status);

    Optional<JobStatus> get(String id);

    /** The statuses known for these ids; ids without one are absent from the map. */
    Map<String, JobStatus> getAll(Collection<String> ids);

    /**
     * Applies {@code change} atomically to the stored status, or to the default instance when
     * there is none. The function may run more than once and must be pure; returning its
     * argument unchanged writes nothing.
     */
    JobStatus merge(String id, UnaryOperator<JobStatus> change);

    /** Stores these statuses (each replacing the job's) in one call to the cluster. */
    void putAll(Collection<JobStatus> statuses);

    /**
     * Like {@link #merge} for each of these ids, each atomically, in one call to the cluster
     * (the edits of different jobs are not one transaction).
     */
    void mergeAll(Collection<String> ids, StatusEdit edit);
}
