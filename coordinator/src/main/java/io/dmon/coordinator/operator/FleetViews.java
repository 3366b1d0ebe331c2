package io.dmon.coordinator.operator;

import io.dmon.coordinator.fleet.HostLiveness;
import io.dmon.coordinator.fleet.JobId;
import io.dmon.coordinator.fleet.JobSelector;
import io.dmon.coordinator.fleet.RpcErrors;
import io.dmon.coordinator.gates.GateHolds;
import io.dmon.coordinator.store.FleetStore;
import io.dmon.proto.v1.HostView;
import io.dmon.proto.v1.Job;
import io.dmon.proto.v1.JobStatus;
import io.dmon.coordinator.fleet.SameJob;
import io.dmon.proto.v1.JobView;
import io.dmon.proto.v1.ListJobsRequest;
import io.dmon.proto.v1.Selector;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * ListJobs and ListHosts: the stored state, joined and with UP computed, sorted by host then name;
 * a job whose host is DOWN is marked so, its status being only the last one reported.
 */
final class FleetViews {
    private static final Comparator<Job> BY_HOST_AND_NAME =
            Comparator.comparing(Job::getHost).thenComparing(Job::getName);

    private final FleetStore store;
    private final HostLiveness liveness;
    private final JobLookup lookup;

    FleetViews(FleetStore store, HostLiveness liveness) {
        this.store = store;
        this.liveness = liveness;
        this.lookup = new JobLookup(store.jobs());
    }

    List<JobView> jobs(ListJobsRequest request) {
        List<Job> chosen = request.hasSelector() ? selected(request.getSelector()) : named(request);
        chosen = chosen.stream().sorted(BY_HOST_AND_NAME).toList();
        Map<String, JobStatus> statuses = store.statuses().getAll(chosen.stream().map(Job::getId).toList());
        Map<String, HostView> hosts = store.hosts().all().stream()
                .collect(Collectors.toMap(HostView::getName, h -> h, (a, b) -> a));
        return chosen.stream().map(job -> {
            JobView.Builder view = JobView.newBuilder().setJob(job);
            JobStatus status = statuses.get(job.getId());
            // A removed job's last status is not the new job's of the same id: none yet.
            if (status != null && SameJob.status(job, status)) {
                view.setStatus(status);
            }
            HostView jobHost = hosts.get(job.getHost());
            if (jobHost != null && !liveness.isUp(jobHost)) {
                // What the agent said last is history now: the caller must not take it for the present.
                view.setHostDown(true).setHostLastSeenUnixMs(jobHost.getLastSeenUnixMs());
            }
            return view.build();
        }).toList();
    }

    /** By the legacy fields: ids (each must exist), a host (which must be known), or all. */
    private List<Job> named(ListJobsRequest request) {
        String host = request.getHost();
        if (!host.isEmpty()) {
            JobId.hostProblem(host).ifPresent(problem -> {
                throw RpcErrors.invalid(problem);
            });
            known(host);
        }
        List<Job> jobs = request.getJobIdsCount() > 0 ? lookup.existing(request.getJobIdsList()) : store.jobs().all();
        return jobs.stream().filter(j -> host.isEmpty() || j.getHost().equals(host)).toList();
    }

    /** What a selector matches, maybe nothing; its ids and hosts must exist, though: a typo is not "no job". */
    private List<Job> selected(Selector request) {
        JobSelector selector = JobSelector.of(request);
        if (selector.byIds()) {
            return lookup.existing(selector.jobIds());
        }
        selector.hosts().forEach(this::known);
        Map<String, Map<String, String>> labels = GateHolds.labelsByHost(store.hosts().all());
        return store.jobs().all().stream()
                .filter(j -> selector.matches(j, labels.getOrDefault(j.getHost(), Map.of())))
                .toList();
    }

    private void known(String host) {
        if (store.hosts().get(host).isEmpty()) {
            throw RpcErrors.notFound("unknown host '" + host + "'");
        }
    }

    List<HostView> hosts() {
        Map<String, Long> jobCounts = store.jobs().all().stream()
                .collect(Collectors.groupingBy(Job::getHost, Collectors.counting()));
        return store.hosts().all().stream()
                .map(h -> liveness.withUp(h).toBuilder()
                        .setJobs(jobCounts.getOrDefault(h.getName(), 0L).intValue()).build())
                .sorted(Comparator.comparing(HostView::getName))
                .toList();
    }
}
