/**
 * The coordinator's Prometheus metrics ({@code dmon-coordinator --metrics HOST:PORT}): the fleet
 * as the shared store has it, read at each scrape ({@link FleetCollector}); RPC latency per method
 * ({@link RpcLatencyInterceptor}); lines and bytes received from agents
 * ({@link LogIngestInterceptor}); the agent sessions held here. Served by the Prometheus client's
 * HTTP exporter ({@link io.dmon.metrics.MetricsServer}, shared with the other program); nothing here writes exposition text by hand.
 */
package io.dmon.coordinator.metrics;
