package io.dmon.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The job series as both collectors export them: names, help, labels and values. */
class JobSeriesTest {
    private enum State { RUNNING, STOPPED }

    private static MetricSnapshot named(MetricSnapshots all, String name) {
        return all.stream().filter(s -> s.getMetadata().getName().equals(name)).findFirst().orElseThrow();
    }

    private static String text(Labels labels, double value) {
        StringBuilder out = new StringBuilder();
        labels.forEach(l -> out.append(l.getName()).append('=').append(l.getValue()).append(' '));
        return out.append(value).toString();
    }

    private static Stream<String> points(MetricSnapshot snapshot) {
        if (snapshot instanceof CounterSnapshot counter) {
            return counter.getDataPoints().stream().map(p -> text(p.getLabels(), p.getValue()));
        }
        return ((GaugeSnapshot) snapshot).getDataPoints().stream().map(p -> text(p.getLabels(), p.getValue()));
    }

    @Test
    void eachJobIsOneHotInItsStateWithItsRespawnsAndOneSeriesPerCause() {
        JobSeries series = new JobSeries();
        series.add("web", "h1", List.of(State.values()), State.STOPPED, 3, List.of("manual", "gate g"));
        series.add("db", "h2", List.of(State.values()), State.RUNNING, 0, List.of());
        GaugeSnapshot other = GaugeSnapshot.builder().name("dmon_other").build();

        MetricSnapshots all = series.with(other);

        assertThat(all.stream().map(s -> s.getMetadata().getName()))
                .containsExactlyInAnyOrder("dmon_job_state", "dmon_job_restarts", "dmon_job_held", "dmon_other");
        assertThat(named(all, "dmon_job_state").getMetadata().getHelp())
                .isEqualTo("1 for the state each job is in, 0 for the others");
        assertThat(points(named(all, "dmon_job_state"))).containsExactlyInAnyOrder(
                "host=h1 job=web state=RUNNING 0.0", "host=h1 job=web state=STOPPED 1.0",
                "host=h2 job=db state=RUNNING 1.0", "host=h2 job=db state=STOPPED 0.0");
        assertThat(named(all, "dmon_job_restarts")).isInstanceOf(CounterSnapshot.class);
        assertThat(named(all, "dmon_job_restarts").getMetadata().getHelp())
                .isEqualTo("Respawns of each job (of its current generation)");
        assertThat(points(named(all, "dmon_job_restarts")))
                .containsExactlyInAnyOrder("host=h1 job=web 3.0", "host=h2 job=db 0.0");
        assertThat(named(all, "dmon_job_held").getMetadata().getHelp())
                .isEqualTo("1 for each reason a job is held (paused, or held from starting): manual, load, gate NAME");
        assertThat(points(named(all, "dmon_job_held")))
                .containsExactlyInAnyOrder("cause=gate g host=h1 job=web 1.0", "cause=manual host=h1 job=web 1.0");
        assertThat(named(all, "dmon_other")).isSameAs(other);
    }

    @Test
    void aCollectorAnswersForTheJobSeriesThenItsOwn() {
        assertThat(JobSeries.namesWith("dmon_host_up", "dmon_host_load1"))
                .containsExactly("dmon_job_state", "dmon_job_restarts", "dmon_job_held", "dmon_host_up", "dmon_host_load1");
    }
}
