package io.dmon.coordinator.store;

import com.hazelcast.map.IMap;
import io.dmon.proto.v1.HostView;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** {@link HostStore} on the IMap {@code hosts}: host name to {@link HostView} bytes. */
final class HazelcastHostStore implements HostStore {
    private final ProtoMap<HostView> hosts;

    HazelcastHostStore(IMap<String, byte[]> map) {
        this.hosts = new ProtoMap<>(map, HostView.parser());
    }

    @Override
    public void put(HostView host) {
        hosts.set(host.getName(), host);
    }

    @Override
    public Optional<HostView> get(String name) {
        return hosts.get(name);
    }

    @Override
    public List<HostView> all() {
        return hosts.values();
    }

    @Override
    public Optional<HostView> update(String name, UnaryOperator<HostView> change) {
        return hosts.update(name, change);
    }
}
