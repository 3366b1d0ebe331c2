package io.dmon.coordinator.store;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.dmon.proto.v1.Job;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * {@link JobStore} on the IMap {@code jobs}: job id to {@link Job} bytes; and the IMap
 * {@code job-removals}: job id to the creation time of its last removed job, each entry kept for
 * {@link #REMOVAL_MEMORY} and at most {@link #REMOVALS_KEPT} entries on each member, the least
 * recently used evicted first (a host away longer than that, or past that many removals, gets its
 * removed jobs back when it returns).
 */
final class HazelcastJobStore implements JobStore {
    static final String REMOVALS = "job-removals";
    static final Duration REMOVAL_MEMORY = Duration.ofDays(7);
    /** Removals kept per member (Hazelcast bounds each partition to its share of this). */
    static final int REMOVALS_KEPT = 100_000;
    private final ProtoMap<Job> jobs;
    private final IMap<String, Long> removals;

    HazelcastJobStore(IMap<String, byte[]> map, IMap<String, Long> removals) {
        this.jobs = new ProtoMap<>(map, Job.parser());
        this.removals = removals;
    }

    @Override
    public Optional<Job> get(String id) {
        return jobs.get(id);
    }

    @Override
    public boolean create(Job job) {
        return jobs.putIfAbsent(job.getId(), job);
    }

    @Override
    public Optional<Job> remove(String id) {
        Optional<Job> gone = jobs.remove(id);
        gone.ifPresent(job -> removals.put(id, job.getCreatedUnixMs(), REMOVAL_MEMORY.toSeconds(), TimeUnit.SECONDS));
        return gone;
    }

    @Override
    public boolean removed(Job job) {
        Long last = removals.get(job.getId());
        return last != null && job.getCreatedUnixMs() <= last;
    }

    @Override
    public boolean removeIfUnchanged(Job job) {
        return jobs.removeIfUnchanged(job.getId(), job);
    }

    @Override
    public Optional<Job> update(String id, UnaryOperator<Job> change) {
        return jobs.update(id, change);
    }

    @Override
    public List<Job> updateAll(Collection<String> ids, JobEdit edit) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<String, byte[]> stored = jobs.raw().executeOnKeys(new LinkedHashSet<>(ids), new JobEditProcessor(edit));
        List<Job> after = new ArrayList<>();
        for (String id : ids) {
            byte[] bytes = stored.get(id);
            if (bytes != null) {
                after.add(jobs.parse(bytes));
            }
        }
        return after;
    }

    @Override
    public List<Job> all() {
        return jobs.values();
    }

    @Override
    public Set<String> ids() {
        return Set.copyOf(jobs.raw().keySet());
    }

    @Override
    public List<Job> onHost(String host) {
        // Values are opaque bytes to Hazelcast, so no server-side predicate: a fleet's job list
        // is small enough to filter here.
        return jobs.values().stream().filter(j -> j.getHost().equals(host)).toList();
    }

    @Override
    public Subscription watch(JobWatcher watcher) {
        UUID id = jobs.raw().addEntryListener(new Listener(watcher), true);
        return () -> jobs.raw().removeEntryListener(id);
    }

    private final class Listener implements EntryAddedListener<String, byte[]>,
            EntryUpdatedListener<String, byte[]>, EntryRemovedListener<String, byte[]> {
        private final JobWatcher watcher;

        Listener(JobWatcher watcher) {
            this.watcher = watcher;
        }

        @Override
        public void entryAdded(EntryEvent<String, byte[]> event) {
            watcher.changed(jobs.parse(event.getValue()), false);
        }

        @Override
        public void entryUpdated(EntryEvent<String, byte[]> event) {
            watcher.changed(jobs.parse(event.getValue()), false);
        }

        @Override
        public void entryRemoved(EntryEvent<String, byte[]> event) {
            watcher.changed(jobs.parse(event.getOldValue()), true);
        }
    }
}
