package io.dmon.coordinator.gates;

import io.dmon.proto.v1.Gate;
import java.util.Locale;
import java.util.Optional;

/**
 * When a gate closes and opens, with hysteresis: CLOSED once the value is above the high mark,
 * OPEN again once it is at or below the low mark (or its DOWN host counts as below it); between
 * the marks nothing changes. Pure: facts in, the gate as it should be stored out.
 */
public final class GatePolicy {
    private GatePolicy() {
    }

    /**
     * The decision on one reading.
     *
     * @param gate  the gate with the reading and, on a transition, the new state
     * @param cause why it closed or opened; empty when it did not
     */
    public record Decision(Gate gate, Optional<String> cause) {
    }

    public static Decision decide(Gate gate, WatchedLoad.Reading reading, long nowMs) {
        Gate.Builder next = gate.toBuilder()
                .setValue(reading.value())
                .setEvaluatedUnixMs(nowMs)
                .setNote(reading.note());
        Optional<String> cause = Optional.empty();
        double low = low(gate);
        if (!gate.getClosed() && reading.decides() && !reading.countsLow() && reading.value() > gate.getHigh()) {
            cause = Optional.of(reading.subject() + " " + mark(reading.value()) + " > high " + mark(gate.getHigh()));
        } else if (gate.getClosed() && reading.decides() && (reading.countsLow() || reading.value() <= low)) {
            cause = Optional.of(reading.countsLow() ? reading.note()
                    : reading.subject() + " " + mark(reading.value()) + " <= low " + mark(low));
        }
        if (cause.isPresent()) {
            next.setClosed(!gate.getClosed()).setChangedUnixMs(nowMs);
        }
        return new Decision(next.build(), cause);
    }

    /** The low mark in force: as given, or half the high one. */
    public static double low(Gate gate) {
        return gate.hasLow() ? gate.getLow() : gate.getHigh() / 2;
    }

    /** A load as causes show it: two decimals. */
    public static String mark(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
