package io.dmon.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dmon.wire.JobSpecMapper;
import org.junit.jupiter.api.Test;

/** {@code -P self:...}: the job's own cgroup's pressure, told apart from the host's everywhere it goes. */
class SelfPressureMarkTest {
    @Test
    void selfMarksParseAndKeepTheirNameOnTheWire() throws Exception {
        PressureMark own = PressureMark.parse("-P", "self:io:full=40/10");
        assertThat(own.metric().self()).isTrue();
        assertThat(own.metric().name()).isEqualTo("self.io.full.avg10");
        assertThat(own.text()).isEqualTo("self:io:full=40/10");
        assertThat(own.metric()).isNotEqualTo(PressureMark.parse("-P", "io:full=40").metric());
        assertThat(own.metric().host()).isEqualTo(PressureMark.parse("-P", "io:full=40").metric());

        JobSpec spec = JobSpec.builder().command("true").putPressure(own)
                .putPressure(PressureMark.parse("-P", "io:full=40")).build();
        assertThat(JobSpecMapper.fromProto(JobSpecMapper.toProto(spec))).isEqualTo(spec);
    }

    @Test
    void aGateMetricCannotBeAJobsOwn() {
        assertThatThrownBy(() -> PressureMetric.parse("self.io")).isInstanceOf(SpecException.class)
                .hasMessageStartingWith("metric: unknown resource 'self'");
        assertThatThrownBy(() -> PressureMark.parse("-P", "self:self:io=40")).isInstanceOf(SpecException.class)
                .hasMessageStartingWith("option -P: unknown resource 'self'");
    }
}
