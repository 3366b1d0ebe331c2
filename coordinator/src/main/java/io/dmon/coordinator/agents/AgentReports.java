package io.dmon.coordinator.agents;

import io.dmon.coordinator.fleet.FleetEvents;
import io.dmon.coordinator.fleet.JobId;
import io.dmon.coordinator.fleet.RpcErrors;
import io.dmon.coordinator.fleet.SameJob;
import io.dmon.coordinator.fleet.StatusMerge;
import io.dmon.coordinator.store.FleetStore;
import io.dmon.proto.v1.EventBatch;
import io.dmon.proto.v1.Heartbeat;
import io.dmon.proto.v1.HostView;
import io.dmon.proto.v1.Job;
import io.dmon.proto.v1.JobEvent;
import io.dmon.proto.v1.JobStatus;
import io.dmon.proto.v1.LogBatch;
import io.dmon.proto.v1.LogLine;
import io.dmon.proto.v1.Register;
import io.dmon.proto.v1.StatusBatch;
import io.dmon.spec.SpecException;
import io.dmon.wire.JobSpecMapper;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Writes what an agent reports into the store, checking it first: every job an agent names must
 * be on the agent's own host. What breaks that rule is refused with INVALID_ARGUMENT (an agent
 * bug, to be loud about); nothing here knows of streams.
 */
final class AgentReports {
    private static final System.Logger LOG = System.getLogger(AgentReports.class.getName());
    /** The longest host condition or host event cause kept. */
    static final int MAX_CONDITION = 512;

    private final FleetStore store;
    private final Clock clock;

    AgentReports(FleetStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * Records the host as held by {@code self}, and learns back from the agent the jobs the store
     * does not know (a coordinator restarted with empty memory) and what it observes of them.
     */
    HostView register(Register register, String self) {
        String host = register.getName();
        learn(host, register.getJobsList(), register.getStatusesList());
        HostView view = HostView.newBuilder()
                .setName(host)
                .putAllLabels(register.getLabelsMap())
                .setVersion(register.getVersion())
                .setCoordinator(self)
                .setLastSeenUnixMs(clock.millis())
                .build();
        store.hosts().put(view);
        return view;
    }

    /**
     * Learns back the jobs the store does not know, and stores what the agent observes of them:
     * the jobs and statuses of a register or of one of its parts. Every one must be of {@code host}.
     */
    void learn(String host, List<Job> jobs, List<JobStatus> statuses) {
        JobId.hostProblem(host).ifPresent(problem -> {
            throw RpcErrors.invalid("register: " + problem);
        });
        for (Job job : jobs) {
            if (!job.getHost().equals(host) || !job.getId().equals(job.getName() + "@" + host)) {
                throw RpcErrors.invalid("register: job '" + job.getId() + "' is not a job of host '" + host + "'");
            }
            requireOnHost(job.getId(), host);
        }
        for (JobStatus status : statuses) {
            requireOnHost(status.getId(), host);
        }
        for (Job job : jobs) {
            rehydrate(host, job);
        }
        for (JobStatus status : statuses) {
            store.statuses().put(status.toBuilder().setHost(host).build());
        }
    }

    /** Publishes that a session trying to register as {@code host} was refused, and why. */
    void refused(String host, String cause) {
        store.events().publish(List.of(FleetEvents.ofHost(JobEvent.Kind.SESSION_REFUSED, host, cause, clock.millis())));
    }

    /** The coordinator's clock, for the session's choice of which heartbeats to write. */
    long nowMs() {
        return clock.millis();
    }

    /**
     * Notes that the host is alive, with its load, pressure and condition, and held by {@code self}, unless
     * another coordinator has taken its session over since: the stored view then names that one,
     * and this session is stale. Empty when no copy of the host's record is left. The session
     * calls it only for the heartbeats {@link HeartbeatWrites} lets through, so the stored
     * last-seen time may be up to {@link HeartbeatWrites#MAX_SILENCE_MS} behind the last heartbeat.
     */
    Optional<HostView> heartbeat(String host, Heartbeat heartbeat, String self) {
        long now = clock.millis();
        return store.hosts().update(host, h -> h.getCoordinator().isEmpty() || h.getCoordinator().equals(self)
                ? withPressure(h.toBuilder().setCoordinator(self).setLastSeenUnixMs(now).setLoad1(heartbeat.getLoad1())
                        .setCondition(cut(heartbeat.getCondition())), heartbeat).build()
                : h);
    }

    /** The heartbeat's pressure, or none: a host that stopped giving it must not look as it last did. */
    private static HostView.Builder withPressure(HostView.Builder view, Heartbeat heartbeat) {
        return heartbeat.hasPressure() ? view.setPressure(heartbeat.getPressure()) : view.clearPressure();
    }

    /** Marks the host's session gone if {@code self} still holds it and no newer local session does. */
    void release(String host, String self, BooleanSupplier heldByNewerSession) {
        store.hosts().update(host, h -> h.getCoordinator().equals(self) && !heldByNewerSession.getAsBoolean()
                ? h.toBuilder().setCoordinator("").build()
                : h);
    }

    List<Job> assignment(String host) {
        return store.jobs().onHost(host);
    }

    void events(String host, EventBatch batch) {
        List<JobEvent> events = new ArrayList<>(batch.getEventsCount());
        Map<String, List<JobEvent>> byJob = new LinkedHashMap<>();
        for (JobEvent event : batch.getEventsList()) {
            if (hostEvent(event)) {
                events.add(event.toBuilder().setHost(host).setCause(cut(event.getCause())).build());
                continue;
            }
            requireOnHost(event.getJobId(), host);
            JobEvent stamped = event.toBuilder().setHost(host).build();
            events.add(stamped);
            byJob.computeIfAbsent(stamped.getJobId(), id -> new ArrayList<>()).add(stamped);
        }
        store.events().publish(events);
        // Captured by a serializable edit: the maps and the event lists travel to the members.
        Map<String, List<JobEvent>> eventsOf = byJob;
        Map<String, Long> heldOf = held(byJob.keySet());
        store.statuses().mergeAll(byJob.keySet(), (id, status) -> {
            long held = heldOf.getOrDefault(id, 0L);
            // A removed job's status is no base for the new job's of the same id, nor its events a change of it.
            JobStatus merged = SameJob.created(held, status.getJobCreatedUnixMs()) ? status
                    : JobStatus.getDefaultInstance();
            for (JobEvent event : eventsOf.get(id)) {
                if (SameJob.event(held, event)) {
                    merged = StatusMerge.apply(merged, event);
                }
            }
            return merged == JobStatus.getDefaultInstance() ? status : merged;
        });
    }

    /**
     * The creation time of each job held under these ids now (0 for an id held by none, or a job
     * that does not say): what agents' reports of the ids are told apart by ({@link SameJob}).
     */
    private Map<String, Long> held(java.util.Collection<String> ids) {
        Map<String, Long> held = new java.util.HashMap<>();
        for (String id : ids) {
            store.jobs().get(id).ifPresent(job -> held.put(id, job.getCreatedUnixMs()));
        }
        return held;
    }

    void statuses(String host, StatusBatch batch) {
        for (JobStatus status : batch.getStatusesList()) {
            requireOnHost(status.getId(), host);
        }
        Map<String, Long> heldOf = held(batch.getStatusesList().stream().map(JobStatus::getId).toList());
        List<JobStatus> stamped = new ArrayList<>(batch.getStatusesCount());
        for (JobStatus status : batch.getStatusesList()) {
            // A removed job's last status (its stop, after a new job of its id was run) is dropped.
            if (SameJob.created(heldOf.getOrDefault(status.getId(), 0L), status.getJobCreatedUnixMs())) {
                stamped.add(status.toBuilder().setHost(host).build());
            }
        }
        store.statuses().putAll(stamped);
    }

    /**
     * The batch's lines by job, in the order sent, once every one is checked: a job of the
     * agent's own host, a seq of at least 1.
     */
    Map<String, List<LogLine>> logs(String host, LogBatch batch) {
        Map<String, List<LogLine>> byJob = new LinkedHashMap<>();
        List<LogLine> current = null;
        String currentId = null;
        for (LogLine line : batch.getLinesList()) {
            // Lines come in runs of one job: its id is checked once per run, not once per line.
            if (!line.getJobId().equals(currentId)) {
                currentId = line.getJobId();
                current = byJob.get(currentId);
                if (current == null) {
                    requireOnHost(currentId, host);
                    current = new ArrayList<>();
                    byJob.put(currentId, current);
                }
            }
            if (line.getSeq() < 1) {
                throw RpcErrors.invalid("log line of job '" + line.getJobId() + "' with seq " + line.getSeq());
            }
            current.add(line);
        }
        return byJob;
    }

    private void rehydrate(String host, Job job) {
        try {
            JobSpecMapper.fromProto(job.getSpec());
        } catch (SpecException e) {
            // Not fatal to the session: a newer agent may know an option this coordinator does not.
            // Left out of the store, the job is absent from the assignment and the agent stops it.
            LOG.log(Level.WARNING, "host " + host + ": not learning job " + job.getId() + " back: " + e.getMessage());
            return;
        }
        if (store.jobs().get(job.getId()).isEmpty() && store.jobs().removed(job)) {
            // Removed while its host was away: left out, the job is absent from the assignment and the agent forgets it.
            LOG.log(Level.INFO, "host " + host + ": not learning job " + job.getId() + " back: it was removed");
            return;
        }
        if (store.jobs().create(job)) {
            LOG.log(Level.INFO, "host " + host + ": learned job " + job.getId() + " back from its agent");
        }
    }

    /** An event about the host itself (its disk), not one of its jobs. */
    private static boolean hostEvent(JobEvent event) {
        return event.getJobId().isEmpty() && (event.getKind() == JobEvent.Kind.STORAGE_FAILED
                || event.getKind() == JobEvent.Kind.STORAGE_RECOVERED);
    }

    /** What an agent says of itself is kept to one short line. */
    static String cut(String text) {
        String line = text.replace('\n', ' ');
        return line.length() > MAX_CONDITION ? line.substring(0, MAX_CONDITION - 3) + "..." : line;
    }

    private static void requireOnHost(String jobId, String host) {
        if (!JobId.isOnHost(jobId, host)) {
            throw RpcErrors.invalid("job '" + jobId + "' is not a job of host '" + host + "'");
        }
    }
}
