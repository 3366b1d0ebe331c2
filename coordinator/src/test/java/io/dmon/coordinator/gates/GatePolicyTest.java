package io.dmon.coordinator.gates;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.proto.v1.Gate;
import org.junit.jupiter.api.Test;

/** Hysteresis as a pure decision: facts in, the gate to store and the cause out. */
class GatePolicyTest {
    private static final Gate OPEN = Gate.newBuilder().setName("db").setWatch(Gate.Watch.HOST).setWatchHost("db1")
            .setHigh(4.0).setLow(2.0).build();

    @Test
    void closesAboveHighAndOpensOnlyAtOrBelowLow() {
        GatePolicy.Decision atHigh = GatePolicy.decide(OPEN, up(4.0), 10);
        assertThat(atHigh.gate().getClosed()).isFalse();
        assertThat(atHigh.cause()).isEmpty();
        assertThat(atHigh.gate().getValue()).isEqualTo(4.0);
        assertThat(atHigh.gate().getEvaluatedUnixMs()).isEqualTo(10);

        GatePolicy.Decision closing = GatePolicy.decide(OPEN, up(6.2), 20);
        assertThat(closing.gate().getClosed()).isTrue();
        assertThat(closing.gate().getChangedUnixMs()).isEqualTo(20);
        assertThat(closing.cause()).contains("db1 load1 6.20 > high 4.00");

        Gate closed = closing.gate();
        GatePolicy.Decision between = GatePolicy.decide(closed, up(2.01), 30);
        assertThat(between.gate().getClosed()).isTrue();
        assertThat(between.gate().getChangedUnixMs()).isEqualTo(20);
        assertThat(between.cause()).isEmpty();

        GatePolicy.Decision opening = GatePolicy.decide(closed, up(2.0), 40);
        assertThat(opening.gate().getClosed()).isFalse();
        assertThat(opening.cause()).contains("db1 load1 2.00 <= low 2.00");
    }

    @Test
    void theDefaultLowIsHalfTheHigh() {
        assertThat(GatePolicy.low(OPEN.toBuilder().clearLow().build())).isEqualTo(2.0);
        assertThat(GatePolicy.low(OPEN.toBuilder().setLow(0).build())).isEqualTo(0.0);
    }

    @Test
    void aDownHostWithinItsGraceDecidesNothingAndAfterItOpensTheGate() {
        Gate closed = OPEN.toBuilder().setClosed(true).build();
        WatchedLoad.Reading waiting = new WatchedLoad.Reading(0.5, "db1 load1", "db1 DOWN for 5s", false, false);
        assertThat(GatePolicy.decide(closed, waiting, 1).gate().getClosed()).isTrue();
        assertThat(GatePolicy.decide(OPEN, new WatchedLoad.Reading(9, "db1 load1", "", false, false), 1).gate().getClosed()).isFalse();

        String note = "db1 DOWN for 30s: counted below the low mark";
        GatePolicy.Decision past = GatePolicy.decide(closed, new WatchedLoad.Reading(6.0, "db1 load1", note, true, true), 2);
        assertThat(past.gate().getClosed()).isFalse();
        assertThat(past.gate().getNote()).isEqualTo(note);
        assertThat(past.cause()).contains(note);
        // And it does not close again on its stale load.
        assertThat(GatePolicy.decide(past.gate(), new WatchedLoad.Reading(6.0, "db1 load1", note, true, true), 3)
                .gate().getClosed()).isFalse();
    }

    private static WatchedLoad.Reading up(double value) {
        return new WatchedLoad.Reading(value, "db1 load1", "", true, false);
    }
}
