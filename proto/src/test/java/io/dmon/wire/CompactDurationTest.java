package io.dmon.wire;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CompactDurationTest {
    @Test
    void wholeUnitsLargestFirstAndMillisecondsWhenNotWholeSeconds() {
        assertThat(CompactDuration.of(600_000)).isEqualTo("10m");
        assertThat(CompactDuration.of(5_400_000)).isEqualTo("1h30m");
        assertThat(CompactDuration.of(90_000)).isEqualTo("1m30s");
        assertThat(CompactDuration.of(172_800_000)).isEqualTo("2d");
        assertThat(CompactDuration.of(86_401_000)).isEqualTo("1d1s");
        assertThat(CompactDuration.of(1500)).isEqualTo("1500ms");
        assertThat(CompactDuration.of(0)).isEqualTo("0s");
    }
}
