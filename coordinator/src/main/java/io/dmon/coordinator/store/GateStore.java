package io.dmon.coordinator.store;

import io.dmon.proto.v1.Gate;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** The fleet's load gates, keyed by name: their settings and what the evaluating coordinator decided last. */
public interface GateStore {
    /**
     * Stores a gate unless its name is taken, atomically across the cluster: of two coordinators
     * adding the same name, exactly one gets {@code true}.
     */
    boolean create(Gate gate);

    Optional<Gate> get(String name);

    /** Every gate, in no particular order. */
    List<Gate> all();

    /** Removes the gate; returns it as it was, empty when there was none. */
    Optional<Gate> remove(String name);

    /**
     * Applies {@code change} atomically (compare and set on the stored record, retried on
     * contention, so the function may run more than once and must be pure).
     *
     * @return the stored gate before and after the change that took; empty when there is no such gate
     */
    Optional<Updated<Gate>> update(String name, UnaryOperator<Gate> change);
}
