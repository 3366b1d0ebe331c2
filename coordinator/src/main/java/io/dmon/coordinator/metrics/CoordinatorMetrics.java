package io.dmon.coordinator.metrics;

import io.dmon.coordinator.fleet.HostLiveness;
import io.dmon.coordinator.store.FleetStore;
import io.grpc.ServerInterceptor;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * One coordinator's metrics, in a registry of its own (never the client's static default: two
 * coordinators in one JVM, as in tests, keep theirs apart). The interceptors exist from the start,
 * before the server is built; the fleet and the sessions are read only once {@link #watch} has
 * been given them.
 */
public final class CoordinatorMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final List<ServerInterceptor> interceptors =
            List.of(new RpcLatencyInterceptor(registry), new LogIngestInterceptor(registry));

    /** Interceptors to install outside every other on the server, so each call is seen whole. */
    public List<ServerInterceptor> interceptors() {
        return interceptors;
    }

    /** From now on, scrapes read the fleet from {@code store} and count the agent sessions held here. */
    public void watch(FleetStore store, HostLiveness liveness, IntSupplier sessions) {
        registry.register(new FleetCollector(store, liveness));
        GaugeWithCallback.builder().name("dmon_sessions")
                .help("Agent sessions this coordinator holds")
                .callback(callback -> callback.call(sessions.getAsInt()))
                .register(registry);
    }

    public PrometheusRegistry registry() {
        return registry;
    }
}
