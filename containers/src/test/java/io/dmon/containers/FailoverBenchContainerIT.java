package io.dmon.containers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Figures, not a check of correctness (which {@link FleetFaultsContainerIT} does): failover time
 * (the coordinator holding an agent's session killed -> the agent's session and its job RUNNING
 * visible through another coordinator) over several rounds, and replay throughput after a total
 * outage (lines spooled while no coordinator lived, per second until the last is readable). Runs
 * only with {@code -Ddmon.containers.bench=true}; writes {@code bench-results/dmon-containers-bench.json}.
 */
class FailoverBenchContainerIT {
    static final int BURST_LINES = 50_000;

    @Test
    void failoverAndReplay() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("dmon.containers.bench"),
                "a measurement: run with -Ddmon.containers.bench=true");
        int rounds = Integer.getInteger("dmon.containers.bench.rounds", 5);
        try (BenchContainers bench = new BenchContainers("bench", 3)) {
            bench.startCoordinators();
            bench.startAgent("b1");
            for (String c : bench.coordinatorNames()) {
                awaitUp(bench, c, Duration.ofSeconds(60));
            }
            String script = "while [ ! -e /tmp/go ]; do sleep 0.1; done; seq 1 " + BURST_LINES
                    + "; touch /tmp/burst.done; exec sleep 1000000";
            bench.ctl(bench.coordinatorNames(), "run", "--host", "b1", "--name", "burst", "sh", "-c", script)
                    .orFail("run burst");

            List<Long> failovers = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                String holder = holder(bench);
                String other = bench.coordinatorNames().stream().filter(c -> !c.equals(holder)).findFirst()
                        .orElseThrow();
                long t0 = System.nanoTime();
                bench.kill(holder);
                Await.until("b1 on another coordinator than " + holder, Duration.ofSeconds(60), () -> {
                    var row = bench.host(other, "b1");
                    return row.isPresent() && row.get()[1].equals("UP") && !row.get()[4].startsWith(holder + ":")
                            && bench.ps(other, "burst@b1").stream().anyMatch(r -> r[2].equals("RUNNING"));
                });
                long ms = (System.nanoTime() - t0) / 1_000_000;
                failovers.add(ms);
                System.out.println("[containers-bench] failover round " + (round + 1) + ": " + ms + " ms");
                bench.startCoordinator(holder);
                awaitUp(bench, holder, Duration.ofSeconds(60));
            }

            // Total outage: the burst is printed and spooled while no coordinator lives.
            for (String c : bench.coordinatorNames()) {
                bench.kill(c);
            }
            bench.get("b1").execInContainer("touch", "/tmp/go");
            // Done when the shell has exec'd its final sleep (its command line no longer names burst.done).
            Await.until("the burst printed", Duration.ofSeconds(120),
                    () -> bench.livePids("b1", "burst.done").isEmpty());
            long restart = System.nanoTime();
            bench.startCoordinators();
            long clusterUp = System.nanoTime();
            awaitUp(bench, "c2", Duration.ofSeconds(60));
            long agentBack = System.nanoTime();
            CounterHistory h = Await.until("all " + BURST_LINES + " lines through c3", Duration.ofSeconds(120),
                    () -> bench.history("c3", "burst@b1"), x -> x.last() >= BURST_LINES);
            long done = System.nanoTime();
            assertThat(h.contiguous()).as(h.toString()).isTrue();
            double replaySeconds = (done - agentBack) / 1e9;
            double linesPerSecond = BURST_LINES / replaySeconds;

            List<Long> sorted = new ArrayList<>(failovers);
            Collections.sort(sorted);
            String json = String.format(Locale.ROOT, "{\n  \"failover_ms\": [%s],\n  \"failover_p50_ms\": %d,\n"
                            + "  \"failover_p99_ms\": %d,\n  \"replay_lines\": %d,\n  \"replay_seconds\": %.3f,\n"
                            + "  \"replay_lines_per_second\": %.0f,\n  \"cluster_start_seconds\": %.3f,\n"
                            + "  \"agent_back_after_cluster_seconds\": %.3f\n}\n",
                    failovers.stream().map(String::valueOf).collect(Collectors.joining(", ")),
                    percentile(sorted, 50), percentile(sorted, 99), BURST_LINES, replaySeconds, linesPerSecond,
                    (clusterUp - restart) / 1e9, (agentBack - clusterUp) / 1e9);
            System.out.println("[containers-bench] " + json);
            Path results = Path.of(System.getProperty("dmon.containers.results", "../bench-results"));
            Files.createDirectories(results);
            Files.writeString(results.resolve("dmon-containers-bench.json"), json);
            Files.writeString(bench.work.resolve("dmon-containers-bench.json"), json);
        }
    }

    static long percentile(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    static String holder(BenchContainers bench) throws InterruptedException {
        String[] row = Await.until("b1 has a session", Duration.ofSeconds(60), () -> bench.host("c1", "b1"),
                r -> r.isPresent() && r.get()[1].equals("UP")).get();
        return row[4].substring(0, row[4].indexOf(':'));
    }

    /** b1 UP through {@code via}: that coordinator is in the one cluster. */
    static void awaitUp(BenchContainers bench, String via, Duration max) throws InterruptedException {
        Await.until("b1 UP through " + via, max, () -> bench.host(via, "b1"),
                r -> r.isPresent() && r.get()[1].equals("UP"));
    }
}
