package io.dmon.coordinator.store;

import com.hazelcast.map.IMap;
import io.dmon.proto.v1.Gate;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** {@link GateStore} on the IMap {@code gates}: gate name to {@link Gate} bytes. */
final class HazelcastGateStore implements GateStore {
    static final String MAP = "gates";

    private final ProtoMap<Gate> gates;

    HazelcastGateStore(IMap<String, byte[]> map) {
        this.gates = new ProtoMap<>(map, Gate.parser());
    }

    @Override
    public boolean create(Gate gate) {
        return gates.putIfAbsent(gate.getName(), gate);
    }

    @Override
    public Optional<Gate> get(String name) {
        return gates.get(name);
    }

    @Override
    public List<Gate> all() {
        return gates.values();
    }

    @Override
    public Optional<Gate> remove(String name) {
        return gates.remove(name);
    }

    @Override
    public Optional<Updated<Gate>> update(String name, UnaryOperator<Gate> change) {
        return gates.change(name, change);
    }
}
