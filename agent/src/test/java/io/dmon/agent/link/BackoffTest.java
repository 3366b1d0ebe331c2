package io.dmon.agent.link;

import io.dmon.wire.HostPort;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private static final long MS = 1_000_000L;

    @Test
    void ceilingsDoubleFrom100MsToTheCapAndJitterScalesThem() {
        Backoff top = new Backoff(100 * MS, 5_000 * MS, () -> 0.999_999);
        List<Long> ceilings = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            ceilings.add(Math.round(top.nextNanos() / (double) MS));
        }
        assertThat(ceilings).containsExactly(100L, 200L, 400L, 800L, 1600L, 3200L, 5000L, 5000L, 5000L);
        Backoff half = new Backoff(100 * MS, 5_000 * MS, () -> 0.5);
        assertThat(half.nextNanos()).isEqualTo(50 * MS);
        for (int i = 0; i < 100; i++) {
            half.nextNanos();
        }
        assertThat(half.nextNanos()).as("no overflow after many attempts").isEqualTo(2_500 * MS);
        half.reset();
        assertThat(half.nextNanos()).isEqualTo(50 * MS);
    }

    @Test
    void addressesParseAndBadOnesSayWhy() {
        assertThat(HostPort.parseDialableList("c1:7700,[::1]:7701")).extracting(HostPort::toString)
                .containsExactly("c1:7700", "[::1]:7701");
        for (String bad : List.of("c1", "c1:", ":7700", "c1:x", "c1:0", "c1:70000", "::1:7700", "c1:7700,")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> HostPort.parseDialableList(bad))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("\n");
        }
    }
}
