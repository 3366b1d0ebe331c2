package io.dmon.agent.metrics;

import io.dmon.agent.host.JobHost;
import io.dmon.agent.load.LoadSource;
import io.dmon.agent.spool.SpoolSet;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.BooleanSupplier;

/** One agent's metrics, in a registry of its own (never the client's static default). */
public final class AgentMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();

    /**
     * @param host      this host's name, the {@code host} label of every series
     * @param connected whether a coordinator holds this agent's session now
     */
    public AgentMetrics(String host, JobHost jobs, SpoolSet spools, BooleanSupplier connected, LoadSource load) {
        registry.register(new HostCollector(host, jobs, spools, connected, load));
    }

    public PrometheusRegistry registry() {
        return registry;
    }
}
