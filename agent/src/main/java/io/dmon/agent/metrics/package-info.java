/**
 * The agent's Prometheus metrics ({@code dmon-agent --metrics HOST:PORT}): this host's jobs as
 * the agent itself sees them, with or without a coordinator, read at each scrape
 * ({@link HostCollector}), served by the Prometheus client's HTTP exporter
 * ({@link io.dmon.metrics.MetricsServer}, shared with the other program). {@code dmon} never loads these classes.
 */
package io.dmon.agent.metrics;
