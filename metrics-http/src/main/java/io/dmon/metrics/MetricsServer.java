package io.dmon.metrics;

import io.dmon.wire.HostPort;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The HTTP endpoint Prometheus scrapes: {@code GET /metrics} on the given address, served by the
 * Prometheus client's exporter on one daemon thread (a scrape every few seconds needs no more).
 */
public final class MetricsServer implements AutoCloseable {
    private final HTTPServer server;
    private final String url;

    private MetricsServer(HTTPServer server, String url) {
        this.server = server;
        this.url = url;
    }

    /**
     * Binds {@code address} (port 0: any free port) and serves {@code registry}.
     *
     * @throws IOException when the address cannot be bound, with a one-line message naming it
     */
    public static MetricsServer start(HostPort address, PrometheusRegistry registry) throws IOException {
        ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
            Thread t = new Thread(runnable, "dmon-metrics");
            t.setDaemon(true);
            return t;
        });
        try {
            HTTPServer server = HTTPServer.builder().hostname(address.host()).port(address.port()).registry(registry)
                    .executorService(thread).buildAndStart();
            HostPort bound = new HostPort(address.host(), server.getPort());
            return new MetricsServer(server, "http://" + bound + "/metrics");
        } catch (IOException | RuntimeException e) {
            thread.shutdownNow();
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst()
                    .orElse("");
            throw new IOException("option --metrics: cannot listen on " + address + ": " + why, e);
        }
    }

    /** Where it serves, with the port bound: {@code http://HOST:PORT/metrics}. */
    public String url() {
        return url;
    }

    @Override
    public void close() {
        server.close();
    }
}
