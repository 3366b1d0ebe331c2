package io.dmon.coordinator.store;

import io.dmon.proto.v1.JobStatus;
import java.io.Serializable;

/**
 * A change to many jobs' statuses at once ({@link StatusStore#mergeAll}), given each job's id and
 * stored status (the default instance when there is none). It runs where each status lives, on
 * any member, so it must be pure and serializable, as must what it captures.
 */
@FunctionalInterface
public interface StatusEdit extends Serializable {
    JobStatus apply(String id, JobStatus status);
}
