package io.dmon.coordinator.store;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import com.hazelcast.map.IMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * An {@link IMap} of proto messages stored as their bytes, so Hazelcast needs no serializer for
 * them. Updates are compare-and-set on the stored bytes, which Hazelcast compares as serialized
 * data: atomic across members without locks or entry processors.
 */
final class ProtoMap<M extends MessageLite> {
    private final IMap<String, byte[]> map;
    private final Parser<M> parser;

    ProtoMap(IMap<String, byte[]> map, Parser<M> parser) {
        this.map = map;
        this.parser = parser;
    }

    IMap<String, byte[]> raw() {
        return map;
    }

    Optional<M> get(String key) {
        byte[] bytes = map.get(key);
        return bytes == null ? Optional.empty() : Optional.of(parse(bytes));
    }

    void set(String key, M value) {
        map.set(key, value.toByteArray());
    }

    boolean putIfAbsent(String key, M value) {
        return map.putIfAbsent(key, value.toByteArray()) == null;
    }

    boolean removeIfUnchanged(String key, M value) {
        return map.remove(key, value.toByteArray());
    }

    Optional<M> update(String key, UnaryOperator<M> change) {
        return change(key, change).map(Updated::after);
    }

    /** Like {@link #update}, and says what the change that took replaced. */
    Optional<Updated<M>> change(String key, UnaryOperator<M> change) {
        while (true) {
            byte[] old = map.get(key);
            if (old == null) {
                return Optional.empty();
            }
            M current = parse(old);
            M next = change.apply(current);
            if (next.equals(current) || map.replace(key, old, next.toByteArray())) {
                return Optional.of(new Updated<>(current, next));
            }
        }
    }

    Optional<M> remove(String key) {
        byte[] old = map.remove(key);
        return old == null ? Optional.empty() : Optional.of(parse(old));
    }

    List<M> values() {
        List<M> out = new ArrayList<>();
        for (byte[] bytes : map.values()) {
            out.add(parse(bytes));
        }
        return out;
    }

    Map<String, M> getAll(Collection<String> keys) {
        Map<String, M> out = new LinkedHashMap<>();
        if (keys.isEmpty()) {
            return out;
        }
        Map<String, byte[]> found = map.getAll(Set.copyOf(keys));
        for (String key : keys) {
            byte[] bytes = found.get(key);
            if (bytes != null) {
                out.put(key, parse(bytes));
            }
        }
        return out;
    }

    M parse(byte[] bytes) {
        try {
            return parser.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            // Only coordinators write these maps, always from a built message: this is corruption.
            throw new IllegalStateException("unreadable entry in map " + map.getName() + ": " + e.getMessage(), e);
        }
    }
}
