package io.dmon.coordinator.operator;

import io.dmon.coordinator.fleet.HostLiveness;
import io.dmon.coordinator.fleet.JobId;
import io.dmon.coordinator.fleet.JobQuota;
import io.dmon.coordinator.fleet.RpcErrors;
import io.dmon.coordinator.gates.GateHolds;
import io.dmon.coordinator.store.FleetStore;
import io.dmon.coordinator.store.JobStore;
import io.dmon.proto.v1.HostView;
import io.dmon.proto.v1.DesiredState;
import io.dmon.proto.v1.Job;
import io.dmon.proto.v1.JobSpec;
import io.dmon.proto.v1.RunRequest;
import io.dmon.spec.SpecException;
import io.dmon.wire.JobSpecMapper;
import io.dmon.wire.RequestLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Run: one new job per chosen host, desired RUNNING, generation 1. Ids are claimed with the
 * store's atomic create, so two coordinators never make the same one: an explicit name that is
 * taken on any chosen host fails the whole run (ALREADY_EXISTS); a default name (the command's
 * base name) takes the first free of {@code NAME}, {@code NAME-2}, {@code NAME-3}, ... on each host.
 * A new job names the gates that are CLOSED and select it ({@code Job.gates}), so one started
 * under a closed gate starts held; a gate closing meanwhile reaches it through the evaluator.
 * A run that would take the fleet or one of its hosts over the coordinator's {@link JobQuota} is
 * refused (FAILED_PRECONDITION) before it creates anything.
 */
final class JobCreator {
    private static final int MAX_TAGS = RequestLimits.MAX_TAGS;
    private static final int MAX_TAG = RequestLimits.MAX_TAG;
    private static final int MAX_SUFFIX = 10_000;

    private final JobStore jobs;
    private final FleetStore store;
    private final HostSelection selection;
    private final HostLiveness liveness;
    private final JobQuota quota;

    JobCreator(FleetStore store, HostSelection selection, HostLiveness liveness, JobQuota quota) {
        this.jobs = store.jobs();
        this.store = store;
        this.selection = selection;
        this.liveness = liveness;
        this.quota = quota;
    }

    List<Job> run(RunRequest request) {
        JobSpec spec = normalized(request.getSpec());
        checkTags(request.getTagsList());
        String name = request.getName();
        if (!name.isEmpty()) {
            JobId.nameProblem(name).ifPresent(problem -> {
                throw RpcErrors.invalid(problem);
            });
        }
        List<String> hosts = selection.select(request);
        Set<String> ids = jobs.ids();
        quota.problem(ids, hosts).ifPresent(problem -> {
            throw RpcErrors.failedPrecondition(problem);
        });
        Job template = Job.newBuilder()
                .setSpec(spec)
                .addAllTags(request.getTagsList())
                .setDesired(DesiredState.DESIRED_RUNNING)
                .setGeneration(1)
                .setCreatedUnixMs(liveness.nowMs())
                .build();
        Held held = new Held(GateHolds.of(store.gates().all()));
        return name.isEmpty() ? createNamedAfterCommand(template, hosts, ids, held)
                : createNamed(template, name, hosts, held);
    }

    /** The closed gates' holds on the jobs of this run. */
    private final class Held {
        private final GateHolds holds;

        Held(GateHolds holds) {
            this.holds = holds;
        }

        Job apply(Job job) {
            Map<String, String> labels = store.hosts().get(job.getHost()).map(HostView::getLabelsMap).orElse(Map.of());
            return job.toBuilder().clearGates().addAllGates(holds.namesFor(job, labels)).build();
        }
    }

    private List<Job> createNamed(Job template, String name, List<String> hosts, Held held) {
        for (String host : hosts) {
            if (jobs.get(name + "@" + host).isPresent()) {
                throw taken(name + "@" + host);
            }
        }
        List<Job> created = new ArrayList<>();
        for (String host : hosts) {
            Job job = held.apply(withId(template, name, host));
            if (!jobs.create(job)) {
                // Lost a race with another run since the check: undo this run's part, all or nothing.
                created.forEach(jobs::removeIfUnchanged);
                throw taken(job.getId());
            }
            created.add(job);
        }
        return created;
    }

    /** @param ids every job's id now: the names taken on each host, without reading the jobs themselves */
    private List<Job> createNamedAfterCommand(Job template, List<String> hosts, Set<String> ids, Held held) {
        String base = JobId.defaultName(template.getSpec().getCommand(0));
        Map<String, Set<String>> names = ids.stream().map(JobId::parse).flatMap(Optional::stream)
                .collect(Collectors.groupingBy(JobId::host, Collectors.mapping(JobId::name, Collectors.toSet())));
        List<Job> created = new ArrayList<>();
        for (String host : hosts) {
            Set<String> taken = names.getOrDefault(host, Set.of());
            created.add(createUnique(template, base, host, taken, held));
        }
        return created;
    }

    private Job createUnique(Job template, String base, String host, Set<String> taken, Held held) {
        for (int n = 1; n <= MAX_SUFFIX; n++) {
            String name = n == 1 ? base : base + "-" + n;
            if (!taken.contains(name)) {
                Job job = held.apply(withId(template, name, host));
                if (jobs.create(job)) {
                    return job;
                }
            }
        }
        throw RpcErrors.failedPrecondition(
                "host '" + host + "' has " + MAX_SUFFIX + " jobs named after '" + base + "'");
    }

    private static Job withId(Job template, String name, String host) {
        return template.toBuilder().setId(name + "@" + host).setName(name).setHost(host).build();
    }

    /** The spec as the Java model reads it back: checked, with its defaults filled in. */
    private static JobSpec normalized(JobSpec spec) {
        try {
            return JobSpecMapper.toProto(JobSpecMapper.fromProto(spec));
        } catch (SpecException e) {
            throw RpcErrors.invalid(e.getMessage());
        }
    }

    private static void checkTags(List<String> tags) {
        if (tags.size() > MAX_TAGS) {
            throw RpcErrors.invalid("more than " + MAX_TAGS + " tags");
        }
        for (String tag : tags) {
            if (tag.isBlank() || tag.length() > MAX_TAG || tag.chars().anyMatch(Character::isISOControl)) {
                throw RpcErrors.invalid("bad tag '" + tag + "': 1 to " + MAX_TAG + " printable characters");
            }
        }
    }

    private static io.dmon.coordinator.fleet.Rejection taken(String id) {
        return RpcErrors.alreadyExists("job '" + id + "' already exists");
    }
}
