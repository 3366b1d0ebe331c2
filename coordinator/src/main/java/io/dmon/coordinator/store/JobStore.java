package io.dmon.coordinator.store;

import io.dmon.proto.v1.Job;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/** The desired state of every job in the fleet, keyed by job id ({@code NAME@HOST}). */
public interface JobStore {
    Optional<Job> get(String id);

    /**
     * Stores a job unless its id is taken, atomically across the cluster: of two coordinators
     * creating the same id, exactly one gets {@code true}.
     */
    boolean create(Job job);

    /**
     * Removes the job, whatever it is now; returns what was removed, empty when there was none.
     * The removal is remembered for a while ({@link #removed}).
     */
    Optional<Job> remove(String id);

    /**
     * Whether {@code job} (or a later job of its id) was removed lately: an agent that was away
     * then still holds it and offers it back when it registers, and a removed job must not come
     * back that way. Told by the job's creation time, not before or equal to that of the last
     * removed job of the id.
     */
    boolean removed(Job job);

    /** Removes the job only if it is still exactly the one given (undoing a {@link #create}). */
    boolean removeIfUnchanged(Job job);

    /**
     * Applies {@code change} atomically (compare and set, retried on contention, so the function
     * may run more than once and must be pure).
     *
     * @return the job as stored afterwards; empty when there is no such job
     */
    Optional<Job> update(String id, UnaryOperator<Job> change);

    /**
     * Applies {@code edit} to each of these jobs, each atomically, in one call to the cluster
     * (the edits of different jobs are not one transaction).
     *
     * @return the jobs as stored afterwards, in the order of {@code ids}; unknown ids are left out
     */
    List<Job> updateAll(Collection<String> ids, JobEdit edit);

    List<Job> all();

    /** Every job's id ({@code NAME@HOST}), without reading the jobs themselves. */
    Set<String> ids();

    List<Job> onHost(String host);

    /**
     * Calls {@code watcher} for every later change of any job, made through any member. Calls
     * come on the store's event threads: the watcher must not block.
     */
    Subscription watch(JobWatcher watcher);

    /** Receives job changes. */
    @FunctionalInterface
    interface JobWatcher {
        /**
         * @param job     the new desired state, or the last one when {@code removed}
         * @param removed the job is gone
         */
        void changed(Job job, boolean removed);
    }
}
