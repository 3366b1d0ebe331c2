package io.dmon.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dmon.wire.JobSpecMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code -r memory-max=SIZE}, {@code -r cpu-max=PERCENT}: limits on the job's whole cgroup. */
class CgroupLimitTest {
    private static JobSpec parse(String... args) throws SpecException {
        return new JobSpecParser().parse(null, List.of(args)).spec();
    }

    @Test
    void theyParseApartFromTheRlimitsAndTravelOnTheWire() throws Exception {
        JobSpec spec = parse("-r", "memory-max=64m", "-r", "files=256", "-r", "cpu-max=50", "-r", "cpu-max=150", "true");
        assertThat(spec.cgroupLimits()).containsExactly(new CgroupLimit(CgroupLimit.Kind.MEMORY_MAX, 64L << 20),
                new CgroupLimit(CgroupLimit.Kind.CPU_MAX, 150));
        assertThat(spec.limits()).containsExactly(new ResourceLimit(LimitKind.FILES, 256));
        assertThat(JobSpecMapper.fromProto(JobSpecMapper.toProto(spec))).isEqualTo(spec);
    }

    @Test
    void badValuesAreOneLine() {
        assertThatThrownBy(() -> parse("-r", "cpu-max=0", "true")).isInstanceOf(SpecException.class)
                .hasMessage("option -r cpu-max: 0 would never let the job run (1 or more)");
        assertThatThrownBy(() -> parse("-r", "cpu-max=half", "true")).isInstanceOf(SpecException.class)
                .hasMessage("option -r cpu-max: 'half' is not a whole number of percent of one CPU");
        assertThatThrownBy(() -> parse("-r", "memory-max", "true")).isInstanceOf(SpecException.class)
                .hasMessage("option -r: limit 'memory-max' needs a value (memory-max=VALUE)");
        assertThatThrownBy(() -> parse("-r", "memory-max=lots", "true")).isInstanceOf(SpecException.class)
                .hasMessageStartingWith("option -r memory-max: bad size value 'lots'");
    }
}
