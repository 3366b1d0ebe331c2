package io.dmon.agent.metrics;

import io.dmon.agent.host.JobHold;
import io.dmon.agent.host.JobHost;
import io.dmon.agent.host.JobReport;
import io.dmon.agent.load.LoadSource;
import io.dmon.agent.spool.Spool;
import io.dmon.agent.spool.SpoolSet;
import io.dmon.agent.supervise.JobState;
import io.dmon.metrics.JobSeries;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * This host's jobs as the agent holds them, read at each scrape, under the names the coordinators
 * use for the same facts:
 *
 * <ul>
 *   <li>{@code dmon_job_state{job,host,state}}: one-hot, one series per job and state;
 *   <li>{@code dmon_job_restarts_total{job,host}}: respawns of the job's current generation;
 *   <li>{@code dmon_job_held{job,host,cause}}: 1 per hold ({@code manual}, {@code load},
 *       {@code gate NAME});
 *   <li>{@code dmon_host_load1{host}}: the load the agent's gates read;
 *   <li>{@code dmon_agent_connected{host}}: 1 while a coordinator holds the agent's session;
 *   <li>{@code dmon_spool_bytes{job,host}}: a job's output on this host's disk (unsent and kept);
 *   <li>{@code dmon_log_lines_total{job,host}}: lines the job's output has written into the spool;
 *   <li>{@code dmon_spool_unacked_lines{job,host}}: lines no coordinator has stored yet.
 * </ul>
 */
final class HostCollector implements MultiCollector {
    private final String host;
    private final JobHost jobs;
    private final SpoolSet spools;
    private final BooleanSupplier connected;
    private final LoadSource load;

    HostCollector(String host, JobHost jobs, SpoolSet spools, BooleanSupplier connected, LoadSource load) {
        this.host = host;
        this.jobs = jobs;
        this.spools = spools;
        this.connected = connected;
        this.load = load;
    }

    @Override
    public MetricSnapshots collect() {
        JobSeries series = new JobSeries();
        List<JobState> states = List.of(JobState.values());
        for (JobReport report : jobs.reports()) {
            series.add(report.jobId(), host, states, report.snapshot().state(), report.snapshot().restarts(),
                    report.holds().stream().map(JobHold::reason).toList());
        }
        GaugeSnapshot.Builder bytes = GaugeSnapshot.builder().name("dmon_spool_bytes")
                .help("Bytes of a job's output in this host's spool (not yet stored by a coordinator, and kept)");
        CounterSnapshot.Builder lines = CounterSnapshot.builder().name("dmon_log_lines")
                .help("Lines of a job's output written into this host's spool");
        GaugeSnapshot.Builder unacked = GaugeSnapshot.builder().name("dmon_spool_unacked_lines")
                .help("Lines of a job's output no coordinator has stored yet");
        for (Spool spool : spools.spools()) {
            Labels labels = Labels.of("job", spool.jobId(), "host", host);
            long written = spool.nextSeq() - 1;
            bytes.dataPoint(GaugeDataPointSnapshot.builder().labels(labels).value(spool.bytes()).build());
            lines.dataPoint(CounterDataPointSnapshot.builder().labels(labels).value(written).build());
            unacked.dataPoint(GaugeDataPointSnapshot.builder().labels(labels)
                    .value(Math.max(0, written - spool.acked())).build());
        }
        Labels self = Labels.of("host", host);
        GaugeSnapshot.Builder load1 = GaugeSnapshot.builder().name("dmon_host_load1")
                .help("This host's 1-minute load average, as the agent reads it");
        try {
            load1.dataPoint(GaugeDataPointSnapshot.builder().labels(self).value(load.load1()).build());
        } catch (IOException e) {
            // No reading, no sample: a made-up value would be worse than a gap.
        }
        GaugeSnapshot link = GaugeSnapshot.builder().name("dmon_agent_connected")
                .help("1 while a coordinator holds this agent's session")
                .dataPoint(GaugeDataPointSnapshot.builder().labels(self).value(connected.getAsBoolean() ? 1 : 0)
                        .build())
                .build();
        return series.with(bytes.build(), lines.build(), unacked.build(), load1.build(), link);
    }

    @Override
    public List<String> getPrometheusNames() {
        return JobSeries.namesWith("dmon_spool_bytes", "dmon_log_lines", "dmon_spool_unacked_lines", "dmon_host_load1",
                "dmon_agent_connected");
    }
}
