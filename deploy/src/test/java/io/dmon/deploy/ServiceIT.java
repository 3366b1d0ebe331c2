package io.dmon.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.agent.process.Posix;
import io.dmon.agent.process.UnixDatagram;
import io.dmon.cli.CliContext;
import io.dmon.cli.DmonCtl;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A coordinator and an agent as systemd and Prometheus meet them, started through the
 * distribution's launchers: each tells a notification socket (a real AF_UNIX datagram socket
 * bound here, standing in for systemd; the coordinator's an abstract one) READY=1 once it serves,
 * WATCHDOG=1 when asked, STOPPING=1 on TERM; each serves {@code /metrics}, scraped over HTTP and
 * read back from the text format.
 */
class ServiceIT {
    private static final Duration START = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : started) {
            p.destroy();
        }
        for (Process p : started) {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void coordinatorAndAgentNotifySystemdAndServeMetrics() throws Exception {
        Posix posix = Posix.load();
        String abstractName = "@dmon-service-it-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        Path agentSocketPath = dir.resolve("agent.notify");
        int grpc = ListenPorts.free();
        try (UnixDatagram coordinatorSocket = UnixDatagram.bind(posix, abstractName);
                UnixDatagram agentSocket = UnixDatagram.bind(posix, agentSocketPath.toString())) {
            Path coordinatorLog = dir.resolve("coordinator.log");
            Process coordinator = Dist.start(coordinatorLog, Map.of("NOTIFY_SOCKET", abstractName), "dmon-coordinator",
                    "--listen", "127.0.0.1:" + grpc, "--hazelcast-port", Integer.toString(ListenPorts.free()),
                    "--metrics", "127.0.0.1:0");
            started.add(coordinator);
            assertThat(receive(coordinatorSocket, "READY=1", START)).contains("STATUS=serving on 127.0.0.1:" + grpc);
            // READY comes after the endpoint is up, so the URL is in the log by now.
            String coordinatorMetrics = Dist.awaitLine(coordinatorLog, "dmon-coordinator: metrics on ",
                    Duration.ofSeconds(1));

            Path load = dir.resolve("loadavg");
            Files.writeString(load, "0.25 0.20 0.10 1/100 1\n");
            Path agentLog = dir.resolve("agent.log");
            Process agent = Dist.start(agentLog, Map.of("NOTIFY_SOCKET", agentSocketPath.toString(), "WATCHDOG_USEC",
                    "400000", "DMON_LOADAVG_FILE", load.toString()), "dmon-agent", "--name", "kit1", "--coordinator",
                    "127.0.0.1:" + grpc, "--state-dir", dir.resolve("state").toString(), "--allow-root",
                    "--metrics", "127.0.0.1:0");
            started.add(agent);
            assertThat(receive(agentSocket, "READY=1", START)).contains("STATUS=supervising 0 jobs as kit1");
            String agentMetrics = Dist.awaitLine(agentLog, "dmon-agent: metrics on ", Duration.ofSeconds(1));
            // Every 200 ms while the agent is healthy.
            receive(agentSocket, "WATCHDOG=1", Duration.ofSeconds(10));
            receive(agentSocket, "WATCHDOG=1", Duration.ofSeconds(10));
            Dist.await("kit1 UP", START, () -> ctl(grpc, "hosts").contains(" UP "));

            // Jobs do not inherit what the service manager meant for the agent.
            assertThat(ctl(grpc, "run", "--host", "kit1", "-n", "-1", "sh", "-c",
                    "echo \"notify=${NOTIFY_SOCKET:-none} watchdog=${WATCHDOG_USEC:-none}\""))
                    .contains("notify=none watchdog=none");
            ctl(grpc, "run", "--host", "kit1", "--name", "flap", "sh", "-c", "echo flapping; exit 3");
            ctl(grpc, "run", "--host", "kit1", "--name", "sleeper", "sleep", "600");
            Dist.await("sleeper RUNNING", START, () -> ctl(grpc, "ps").lines()
                    .anyMatch(l -> l.startsWith("sleeper@kit1 ") && l.contains(" RUNNING ")));
            ctl(grpc, "pause", "sleeper@kit1");
            ctl(grpc, "gate", "add", "hot", "--watch", "kit1", "--high", "0.2", "--tag", "no-such-tag");

            PromText[] fleet = new PromText[1];
            Dist.await("the coordinator's metrics show the fleet", START, () -> {
                fleet[0] = scrape(coordinatorMetrics);
                return fleet[0].value("dmon_job_restarts_total", "job", "flap@kit1").orElse(0.0) >= 2
                        && fleet[0].value("dmon_job_state", "job", "sleeper@kit1", "state", "PAUSED").orElse(0.0) == 1
                        && fleet[0].value("dmon_gate_closed", "gate", "hot").orElse(0.0) == 1
                        && fleet[0].value("dmon_host_load1", "host", "kit1").orElse(0.0) == 0.25;
            });
            PromText c = fleet[0];
            assertOneHot(c, "flap@kit1", "kit1");
            assertOneHot(c, "sleeper@kit1", "kit1");
            assertThat(c.value("dmon_job_held", "job", "sleeper@kit1", "cause", "manual")).contains(1.0);
            assertThat(c.value("dmon_host_up", "host", "kit1")).contains(1.0);
            assertThat(c.value("dmon_gate_value", "gate", "hot")).contains(0.25);
            assertThat(c.value("dmon_sessions")).contains(1.0);
            assertThat(c.value("dmon_log_lines_received_total", "host", "kit1").orElse(0.0)).isGreaterThanOrEqualTo(2);
            assertThat(c.value("dmon_log_bytes_received_total", "host", "kit1").orElse(0.0))
                    .isGreaterThanOrEqualTo(c.value("dmon_log_lines_received_total", "host", "kit1").get() * 8);
            assertThat(c.types).containsEntry("dmon_rpc_duration_seconds", "histogram")
                    .containsEntry("dmon_job_state", "gauge").containsEntry("dmon_job_restarts_total", "counter");
            assertThat(c.value("dmon_rpc_duration_seconds_count", "method", "dmon.v1.OperatorService/ListJobs",
                    "code", "OK").orElse(0.0)).isGreaterThanOrEqualTo(1);
            assertThat(c.value("dmon_rpc_duration_seconds_bucket", "method", "dmon.v1.OperatorService/Pause",
                    "code", "OK", "le", "+Inf")).contains(1.0);

            PromText[] host = new PromText[1];
            Dist.await("the agent's metrics show its jobs", START, () -> {
                host[0] = scrape(agentMetrics);
                return host[0].value("dmon_job_restarts_total", "job", "flap@kit1").orElse(0.0) >= 2
                        && host[0].value("dmon_job_held", "job", "sleeper@kit1", "cause", "manual").isPresent();
            });
            PromText a = host[0];
            assertOneHot(a, "flap@kit1", "kit1");
            assertOneHot(a, "sleeper@kit1", "kit1");
            assertThat(a.value("dmon_job_state", "job", "sleeper@kit1", "state", "PAUSED")).contains(1.0);
            assertThat(a.value("dmon_agent_connected", "host", "kit1")).contains(1.0);
            assertThat(a.value("dmon_host_load1", "host", "kit1")).contains(0.25);
            assertThat(a.value("dmon_spool_bytes", "job", "flap@kit1").orElse(0.0)).isGreaterThan(0);
            assertThat(a.value("dmon_log_lines_total", "job", "flap@kit1").orElse(0.0)).isGreaterThanOrEqualTo(2);

            signal(coordinator, "TERM");
            assertThat(receive(coordinatorSocket, "STOPPING=1", Duration.ofSeconds(30))).contains("STOPPING=1");
            signal(agent, "TERM");
            assertThat(receive(agentSocket, "STOPPING=1", Duration.ofSeconds(30))).contains("STOPPING=1");
            assertThat(agent.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(coordinator.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void aBadMetricsAddressIsOneLineAndExitStatusTwo() throws Exception {
        Dist.Ran agent = Dist.run(dir, "dmon-agent", "--state-dir", dir.resolve("s").toString(), "--metrics",
                "no-port-here");
        assertThat(agent.exit()).isEqualTo(2);
        assertThat(agent.output()).isEqualTo("dmon-agent: option --metrics: 'no-port-here' is not HOST:PORT\n");
        Dist.Ran coordinator = Dist.run(dir, "dmon-coordinator", "--metrics", "127.0.0.1:99999");
        assertThat(coordinator.exit()).isEqualTo(2);
        assertThat(coordinator.output().lines().toList()).singleElement().asString()
                .startsWith("dmon-coordinator: ").contains("--metrics").contains("99999");
    }

    /** One series per state for the job, exactly one of them 1. */
    private static void assertOneHot(PromText metrics, String job, String host) {
        List<PromText.Sample> states = metrics.find("dmon_job_state", "job", job, "host", host);
        assertThat(states).extracting(s -> s.labels().get("state")).containsExactlyInAnyOrder("STARTING", "RUNNING",
                "PAUSED", "EXITED", "COMPLETED", "FAILED", "STOPPED", "REFUSED");
        assertThat(states).filteredOn(s -> s.value() == 1).hasSize(1);
        assertThat(states).allMatch(s -> s.value() == 0 || s.value() == 1);
    }

    private PromText scrape(String url) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
            return PromText.parse(response.body());
        } catch (IOException e) {
            throw new AssertionError("scrape of " + url + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next datagram containing {@code wanted} (others are skipped), within {@code max}. */
    private static String receive(UnixDatagram socket, String wanted, Duration max) throws Exception {
        byte[] buf = new byte[4096];
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            int n = socket.receive(buf, 200);
            if (n > 0) {
                String message = new String(buf, 0, n, StandardCharsets.UTF_8);
                if (message.lines().anyMatch(wanted::equals)) {
                    return message;
                }
            }
        }
        throw new AssertionError("no " + wanted + " within " + max);
    }

    /** dmonctl in this JVM against the coordinator; fails the test on a non-zero exit. */
    private static String ctl(int port, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of("--coordinator", "127.0.0.1:" + port, "--timeout", "10s"));
        all.addAll(List.of(args));
        int exit = DmonCtl.execute(CliContext.builder().out(out).err(err).env(Map.of()).build(),
                all.toArray(new String[0]));
        assertThat(exit).as("dmonctl %s: %s", all, err.toString(StandardCharsets.UTF_8)).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void signal(Process p, String name) throws Exception {
        assertThat(new ProcessBuilder("kill", "-" + name, Long.toString(p.pid())).start().waitFor()).isZero();
    }
}
