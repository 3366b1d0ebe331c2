package io.dmon.metrics;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;

/**
 * The series of jobs that the agent (its own host's jobs) and the coordinators (the fleet's)
 * both export, under the same names and help, so that one query reads either:
 *
 * <ul>
 *   <li>{@code dmon_job_state{job,host,state}}: one series per job and state, 1 for the state the
 *       job is in, 0 for the others (as node_exporter does for systemd units);
 *   <li>{@code dmon_job_restarts_total{job,host}}: respawns of the job's current generation;
 *   <li>{@code dmon_job_held{job,host,cause}}: 1 per reason the job is held ({@code manual},
 *       {@code load}, {@code gate NAME}).
 * </ul>
 *
 * <p>One is filled job by job during a scrape, then handed to the scrape's result.
 */
public final class JobSeries {
    private static final List<String> NAMES = List.of("dmon_job_state", "dmon_job_restarts", "dmon_job_held");

    private final GaugeSnapshot.Builder state = GaugeSnapshot.builder().name("dmon_job_state")
            .help("1 for the state each job is in, 0 for the others");
    private final CounterSnapshot.Builder restarts = CounterSnapshot.builder().name("dmon_job_restarts")
            .help("Respawns of each job (of its current generation)");
    private final GaugeSnapshot.Builder held = GaugeSnapshot.builder().name("dmon_job_held")
            .help("1 for each reason a job is held (paused, or held from starting): manual, load, gate NAME");

    /**
     * Adds one job's series.
     *
     * @param states  every state there is, in the order of the series, labelled by its name
     * @param current the one of {@code states} the job is in
     * @param causes  the reasons it is held, none when it is not
     */
    public <S extends Enum<S>> void add(String job, String host, List<S> states, S current, double respawns,
                                        List<String> causes) {
        for (S s : states) {
            state.dataPoint(GaugeDataPointSnapshot.builder()
                    .labels(Labels.of("job", job, "host", host, "state", s.name()))
                    .value(current == s ? 1 : 0).build());
        }
        restarts.dataPoint(CounterDataPointSnapshot.builder().labels(Labels.of("job", job, "host", host))
                .value(respawns).build());
        for (String cause : causes) {
            held.dataPoint(GaugeDataPointSnapshot.builder()
                    .labels(Labels.of("job", job, "host", host, "cause", cause)).value(1).build());
        }
    }

    /** A scrape's result: these series, then {@code others}. */
    public MetricSnapshots with(MetricSnapshot... others) {
        List<MetricSnapshot> all = new ArrayList<>(List.of(state.build(), restarts.build(), held.build()));
        all.addAll(List.of(others));
        return new MetricSnapshots(all);
    }

    /** The names a collector of these series and of {@code others} answers for, in the same order. */
    public static List<String> namesWith(String... others) {
        List<String> all = new ArrayList<>(NAMES);
        all.addAll(List.of(others));
        return List.copyOf(all);
    }
}
