package io.dmon.coordinator.metrics;

import io.dmon.coordinator.fleet.HostLiveness;
import io.dmon.coordinator.store.FleetStore;
import io.dmon.metrics.JobSeries;
import io.dmon.proto.v1.Gate;
import io.dmon.proto.v1.Hold;
import io.dmon.proto.v1.HostView;
import io.dmon.proto.v1.Job;
import io.dmon.proto.v1.JobState;
import io.dmon.proto.v1.JobStatus;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.List;
import java.util.Map;

/**
 * The fleet as the shared store has it, read at each scrape: every coordinator answers for the
 * whole fleet (aggregate with {@code max by} across coordinators).
 *
 * <ul>
 *   <li>{@code dmon_job_state{job,host,state}}: one series per job and state, 1 for the state
 *       the job is in, 0 for the others (as node_exporter does for systemd units); a job not yet
 *       reported is in none;
 *   <li>{@code dmon_job_restarts_total{job,host}}: respawns of the job's current generation;
 *   <li>{@code dmon_job_held{job,host,cause}}: 1 per hold on a job: {@code manual},
 *       {@code load} (its own -L) or {@code gate NAME};
 *   <li>{@code dmon_host_up{host}}, {@code dmon_host_load1{host}} (the last heartbeat's);
 *   <li>{@code dmon_gate_closed{gate}}, {@code dmon_gate_value{gate}} (the watched load).
 * </ul>
 */
public final class FleetCollector implements MultiCollector {
    /** The states a job can be reported in, in the order of the series. */
    static final List<JobState> STATES = List.of(JobState.STARTING, JobState.RUNNING, JobState.PAUSED,
            JobState.EXITED, JobState.COMPLETED, JobState.FAILED, JobState.STOPPED, JobState.REFUSED);

    private final FleetStore store;
    private final HostLiveness liveness;

    public FleetCollector(FleetStore store, HostLiveness liveness) {
        this.store = store;
        this.liveness = liveness;
    }

    @Override
    public MetricSnapshots collect() {
        List<Job> jobs = store.jobs().all();
        Map<String, JobStatus> statuses = store.statuses().getAll(jobs.stream().map(Job::getId).toList());
        JobSeries series = new JobSeries();
        for (Job job : jobs) {
            JobStatus status = statuses.get(job.getId());
            if (status == null || !io.dmon.coordinator.fleet.SameJob.status(job, status)) {
                continue;
            }
            series.add(job.getId(), job.getHost(), STATES, status.getState(), status.getRestarts(),
                    status.getHoldsList().stream().map(Hold::getReason).toList());
        }
        GaugeSnapshot.Builder up = GaugeSnapshot.builder().name("dmon_host_up")
                .help("1 while a coordinator holds the host's agent session and heard from it within 10 s");
        GaugeSnapshot.Builder load = GaugeSnapshot.builder().name("dmon_host_load1")
                .help("The host's 1-minute load average, as its last heartbeat said");
        for (HostView host : store.hosts().all()) {
            Labels labels = Labels.of("host", host.getName());
            up.dataPoint(GaugeDataPointSnapshot.builder().labels(labels).value(liveness.isUp(host) ? 1 : 0).build());
            load.dataPoint(GaugeDataPointSnapshot.builder().labels(labels).value(host.getLoad1()).build());
        }
        GaugeSnapshot.Builder closed = GaugeSnapshot.builder().name("dmon_gate_closed")
                .help("1 while the gate is closed (holding the jobs it selects)");
        GaugeSnapshot.Builder watched = GaugeSnapshot.builder().name("dmon_gate_value")
                .help("The load the gate watches, at its last evaluation");
        for (Gate gate : store.gates().all()) {
            Labels labels = Labels.of("gate", gate.getName());
            closed.dataPoint(GaugeDataPointSnapshot.builder().labels(labels).value(gate.getClosed() ? 1 : 0).build());
            watched.dataPoint(GaugeDataPointSnapshot.builder().labels(labels).value(gate.getValue()).build());
        }
        return series.with(up.build(), load.build(), closed.build(), watched.build());
    }

    @Override
    public List<String> getPrometheusNames() {
        return JobSeries.namesWith("dmon_host_up", "dmon_host_load1", "dmon_gate_closed", "dmon_gate_value");
    }
}
