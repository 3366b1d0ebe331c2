package io.dmon.coordinator.agents;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeartbeatWritesTest {
    @Test
    void theFirstHeartbeatAChangedLoadAndThreeSecondsOfSameAreWritten() {
        HeartbeatWrites writes = new HeartbeatWrites();
        assertThat(writes.due(0.5, 10_000)).as("first").isTrue();
        writes.written(0.5, 10_000);
        assertThat(writes.due(0.5, 11_000)).as("same load, 1 s later").isFalse();
        assertThat(writes.due(0.51, 11_000)).as("load changed").isTrue();
        assertThat(writes.due(0.5, 12_999)).isFalse();
        assertThat(writes.due(0.5, 13_000)).as("3 s without a write").isTrue();
        writes.written(0.5, 13_000);
        assertThat(writes.due(0.5, 13_500)).isFalse();
    }
}
