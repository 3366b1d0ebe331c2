package io.dmon.agent.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadGateTest {

    @Test
    void closesAboveHighAndOpensOnlyAtOrBelowLow() {
        LoadGate gate = new LoadGate(4.0, 2.0);
        assertThat(gate.update(4.0)).as("at the high mark: still open").isFalse();
        assertThat(gate.update(4.01)).isTrue();
        assertThat(gate.update(3.0)).as("between the marks: stays closed").isTrue();
        assertThat(gate.update(2.01)).isTrue();
        assertThat(gate.update(2.0)).as("at the low mark: opens").isFalse();
        assertThat(gate.update(3.9)).as("between the marks: stays open").isFalse();
    }

    @Test
    void refusesMarksTheWrongWayRound() {
        assertThatThrownBy(() -> new LoadGate(1.0, 2.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LoadGate(0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsTheFirstFieldOfALoadavgFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("loadavg");
        Files.writeString(f, "3.25 1.00 0.50 1/100 12345\n");
        assertThat(new LoadAvgFile(f).load1()).isEqualTo(3.25);
        Files.writeString(f, "garbage\n");
        assertThatThrownBy(() -> new LoadAvgFile(f).load1()).hasMessageContaining("not a load average");
    }
}
