package io.dmon.coordinator.gates;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.proto.v1.Pause;
import org.junit.jupiter.api.Test;

/** When the stored state lets go of a leased pause: after the agent, which counts from when it got it, has. */
class LeaseTidyTest {
    static final long SINCE = 1_000_000;
    static final Pause LEASED = Pause.newBuilder().setId("p").setSinceUnixMs(SINCE).setLeaseMs(30_000).build();

    @Test
    void aLeaseIsClearedOnlyOnceTheAgentHadTimeToEndItItself() {
        long end = SINCE + 30_000;
        assertThat(LeaseTidy.expired(LEASED, true, end)).as("at the lease's end the agent ends it").isFalse();
        assertThat(LeaseTidy.expired(LEASED, true, end + LeaseTidy.AGENT_FIRST_MS - 1)).isFalse();
        assertThat(LeaseTidy.expired(LEASED, true, end + LeaseTidy.AGENT_FIRST_MS)).isTrue();
    }

    @Test
    void aPauseWithoutALeaseOrNoPauseIsNeverCleared() {
        Pause forever = LEASED.toBuilder().setLeaseMs(0).build();
        assertThat(LeaseTidy.expired(forever, true, Long.MAX_VALUE / 2)).isFalse();
        assertThat(LeaseTidy.expired(Pause.getDefaultInstance(), false, Long.MAX_VALUE / 2)).isFalse();
    }
}
