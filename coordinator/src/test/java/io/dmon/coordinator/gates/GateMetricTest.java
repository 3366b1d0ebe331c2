package io.dmon.coordinator.gates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dmon.coordinator.FakeAgent;
import io.dmon.proto.v1.Gate;
import io.dmon.proto.v1.HostPressure;
import io.dmon.proto.v1.HostView;
import io.dmon.proto.v1.PressureAverages;
import io.dmon.proto.v1.ResourcePressure;
import io.dmon.spec.SpecException;
import org.junit.jupiter.api.Test;

class GateMetricTest {
    private static final HostView OLD_KERNEL = HostView.newBuilder().setName("db1").setLoad1(2.5)
            .setPressure(HostPressure.newBuilder().setCpu(ResourcePressure.newBuilder()
                    .setSome(PressureAverages.newBuilder().setAvg10(1).setAvg60(2).setAvg300(3)))).build();

    @Test
    void namesTheLoadOrAPressureFigure() throws SpecException {
        assertThat(GateMetric.parse("").name()).isEqualTo("load1");
        assertThat(GateMetric.parse("load1").name()).isEqualTo("load1");
        assertThat(GateMetric.parse("memory.full.avg300").name()).isEqualTo("memory.full.avg300");
        assertThat(GateMetric.parse("cpu.avg60").name()).isEqualTo("cpu.some.avg60");
        assertThatThrownBy(() -> GateMetric.parse("load15")).hasMessage(
                "unknown metric 'load15' (load1, or cpu|io|memory[.some|full][.avg10|avg60|avg300])");
        assertThatThrownBy(() -> GateMetric.parse("io:some")).hasMessageStartingWith("unknown metric 'io:some'");
        assertThat(GateMetric.of(Gate.newBuilder().setMetric("nonsense").build())).isEmpty();
        assertThat(GateMetric.of(Gate.getDefaultInstance()).orElseThrow().name()).as("gates made before metrics")
                .isEqualTo("load1");
    }

    @Test
    void readsWhatTheHostGivesAndNothingElse() throws SpecException {
        assertThat(GateMetric.parse("load1").read(OLD_KERNEL)).hasValue(2.5);
        assertThat(GateMetric.parse("cpu").read(OLD_KERNEL)).hasValue(1);
        assertThat(GateMetric.parse("cpu.avg60").read(OLD_KERNEL)).hasValue(2);
        assertThat(GateMetric.parse("cpu.some.avg300").read(OLD_KERNEL)).hasValue(3);
        assertThat(GateMetric.parse("cpu.full").read(OLD_KERNEL)).as("no full line before 5.13").isEmpty();
        assertThat(GateMetric.parse("io").read(OLD_KERNEL)).as("no io file").isEmpty();
        assertThat(GateMetric.parse("io").read(HostView.newBuilder().setLoad1(1).build())).as("no PSI").isEmpty();
        assertThat(GateMetric.parse("io.some.avg10").read(HostView.newBuilder().setPressure(FakeAgent.io(42)).build()))
                .hasValue(42);
        assertThat(GateMetric.parse("io.full.avg10").read(HostView.newBuilder().setPressure(FakeAgent.io(42)).build()))
                .hasValue(0);
    }
}
