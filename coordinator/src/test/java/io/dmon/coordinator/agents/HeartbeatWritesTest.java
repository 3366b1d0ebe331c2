package io.dmon.coordinator.agents;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.coordinator.FakeAgent;
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

    @Test
    void aChangeOfPressureIsWrittenAtOnceAndSoIsItsGoing() {
        HeartbeatWrites writes = new HeartbeatWrites();
        writes.written(0.5, "", FakeAgent.io(1.0), 10_000);
        assertThat(writes.due(0.5, "", FakeAgent.io(1.0), 10_500)).as("the same").isFalse();
        assertThat(writes.due(0.5, "", FakeAgent.io(1.01), 10_500)).as("a gate must see it").isTrue();
        assertThat(writes.due(0.5, "", null, 10_500)).as("the host gives none any more").isTrue();
        writes.written(0.5, "", null, 10_500);
        assertThat(writes.due(0.5, "", null, 11_000)).isFalse();
        assertThat(writes.due(0.5, "", FakeAgent.io(0), 11_000)).as("it gives some again").isTrue();
    }
}
