package io.dmon.coordinator.store;

import io.dmon.proto.v1.HostView;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Every host that ever registered, as a {@link HostView} whose {@code coordinator} is the gRPC
 * address of the coordinator holding its agent session (empty when none does) and whose
 * {@code last_seen_unix_ms} is the coordinator's clock at the last register or heartbeat.
 * {@code up} and {@code jobs} are not stored: readers compute them.
 */
public interface HostStore {
    void put(HostView host);

    Optional<HostView> get(String name);

    List<HostView> all();

    /**
     * Applies {@code change} atomically (compare and set; the function may run more than once).
     *
     * @return the host as stored afterwards; empty when there is no such host
     */
    Optional<HostView> update(String name, UnaryOperator<HostView> change);
}
