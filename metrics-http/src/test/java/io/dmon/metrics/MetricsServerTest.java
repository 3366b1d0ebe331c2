package io.dmon.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dmon.wire.HostPort;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The endpoint against a real socket: what it serves, where, and how a bad address is said. */
class MetricsServerTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesTheRegistryOnTheBoundPortUntilClosed() throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        Counter.builder().name("dmon_test_scrapes").help("a counter of the test").register(registry).inc(3);
        String url;
        try (MetricsServer server = MetricsServer.start(new HostPort("127.0.0.1", 0), registry)) {
            url = server.url();
            assertThat(url).matches("http://127\\.0\\.0\\.1:[1-9][0-9]*/metrics");
            HttpResponse<String> scrape = get(url);
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.body()).contains("# TYPE dmon_test_scrapes_total counter").contains("dmon_test_scrapes_total 3.0");
            assertThat(Thread.getAllStackTraces().keySet()).as("served on one daemon thread")
                    .anyMatch(t -> t.getName().equals("dmon-metrics") && t.isDaemon());
        }
        assertThatThrownBy(() -> get(url)).as("nothing listens once closed").isInstanceOf(ConnectException.class);
    }

    @Test
    void anAddressInUseIsOneLineNamingTheOptionAndTheAddress() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            HostPort address = new HostPort("127.0.0.1", taken.getLocalPort());
            assertThatThrownBy(() -> MetricsServer.start(address, new PrometheusRegistry()))
                    .isInstanceOf(IOException.class)
                    .hasMessageStartingWith("option --metrics: cannot listen on " + address + ": ")
                    .hasMessageNotContaining("\n");
        }
    }
}
