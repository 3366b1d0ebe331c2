package io.dmon.containers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Faults on a fleet in containers: three coordinators and two agents (a1, a2), each agent in its
 * own container. Each fault is followed by checks within a stated deadline: every job has exactly
 * one live process in its agent's container and {@code dmonctl ps} names that pid; {@code hosts}
 * shows the agents UP; the job's output (a counter, one line every 50 ms), read through another
 * coordinator than the one the fault hit, is contiguous: no gap and no repeat.
 *
 * <p>The tests share the fleet and run in order; each leaves it whole (three members, both agents
 * UP) for the next. Jobs started by earlier tests keep running and are checked again after the
 * total outage.
 */
@Tag("slow")
@TestMethodOrder(OrderAnnotation.class)
class FleetFaultsContainerIT {
    /** A host's session moves to another coordinator, or comes back after a cut, within this. */
    static final Duration FAILOVER = Duration.ofSeconds(30);
    /** A host whose agent vanished shows DOWN within this (silence of 10 s, then the next look). */
    static final Duration GOES_DOWN = Duration.ofSeconds(25);
    /** After any fault ends: ps, hosts and the history are right within this. */
    static final Duration SETTLES = Duration.ofSeconds(60);

    static final List<String> AGENTS = List.of("a1", "a2");

    static BenchContainers bench;
    /** Job id -> the agent it runs on, for every counter job started so far. */
    static final Map<String, String> jobs = new LinkedHashMap<>();

    @BeforeAll
    static void fleet() throws Exception {
        bench = new BenchContainers("faults", 3);
        bench.startCoordinators();
        CompletableFuture<Void> a1 = CompletableFuture.runAsync(() -> startAgent("a1"));
        CompletableFuture<Void> a2 = CompletableFuture.runAsync(() -> startAgent("a2"));
        a1.join();
        a2.join();
        awaitOneCluster();
    }

    /** A test that failed half-way leaves a fault behind: undo it, so the next test starts whole. */
    @BeforeEach
    void whole() throws Exception {
        boolean repaired = false;
        for (String c : bench.coordinatorNames()) {
            if (bench.paused(c)) {
                bench.unpause(c);
            } else if (!bench.running(c)) {
                bench.startCoordinator(c);
                repaired = true;
            }
        }
        for (String a : AGENTS) {
            if (!bench.running(a)) {
                startAgent(a);
            } else if (!bench.connected(a)) {
                bench.connect(a);
            }
        }
        if (repaired) {
            awaitOneCluster();
        }
    }

    @AfterAll
    static void down() {
        if (bench != null) {
            bench.close();
        }
    }

    @Test
    @Order(1)
    void killedCoordinatorTheAgentFailsOverAndNoLineIsLostOrDoubled() throws Exception {
        String id = startCounter("a1", "ka");
        String holder = sessionHolder("a1");
        String other = anotherThan(holder);
        long before = printed("a1", "ka");

        long t0 = System.nanoTime();
        bench.kill(holder);
        Await.until("a1 UP through " + other + " on a coordinator other than " + holder, FAILOVER,
                () -> bench.host(other, "a1"), row -> row.isPresent() && up(row.get())
                        && !row.get()[4].startsWith(holder + ":"));
        long failoverMs = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("[containers] failover after kill -9 of " + holder + ": " + failoverMs + " ms");

        assertJob(other, id, before + 20, Duration.ofSeconds(20), 1, true);
        awaitHostsUp(other, List.of("a1", "a2"), SETTLES);

        restartCoordinator(holder);
    }

    @Test
    @Order(2)
    void killedAgentComesBackWithItsJobsNotDoubled() throws Exception {
        String id = startCounter("a2", "kb");
        Await.until("kb printed 20 lines", SETTLES, () -> printed("a2", "kb") >= 20);

        bench.kill("a2");
        Await.until("a2 DOWN", GOES_DOWN, () -> bench.host("c1", "a2"), row -> row.isPresent() && !up(row.get()));

        startAgent("a2");
        awaitHostsUp("c2", List.of("a1", "a2"), SETTLES);
        // The job starts over in the new container: a second run, counting from 1 again.
        assertJob("c3", id, 20, SETTLES, 2, true);
    }

    @Test
    @Order(3)
    void agentCutOffTheNetworkShowsDownThenUpAndItsSpooledLinesArrive() throws Exception {
        String id = startCounter("a1", "kc");
        bench.disconnect("a1");
        Await.until("a1 DOWN", GOES_DOWN, () -> bench.host("c1", "a1"), row -> row.isPresent() && !up(row.get()));
        long cut = printed("a1", "kc");
        Await.until("kc goes on printing while cut off", SETTLES, () -> printed("a1", "kc") >= cut + 40);
        long beforeReconnect = printed("a1", "kc");

        bench.connect("a1");
        awaitHostsUp("c2", List.of("a1", "a2"), SETTLES);
        assertJob("c3", id, beforeReconnect, SETTLES, 1, true);
        assertJob("c3", "ka@a1", printed("a1", "ka"), SETTLES, 1, true);
    }

    @Test
    @Order(4)
    void pausedCoordinatorHungThenBackLosesNothing() throws Exception {
        String holder = sessionHolder("a1");
        String other = anotherThan(holder);
        bench.pause(holder);
        try {
            // The hang lasts this long (the fault itself, not a wait for a result): under the
            // members' failure detection (10 s), so the member stalls calls but stays a member.
            Thread.sleep(5_000);
        } finally {
            bench.unpause(holder);
        }
        Map<String, Long> printed = printedNow();
        awaitHostsUp(other, List.of("a1", "a2"), SETTLES);
        for (var job : jobs.entrySet()) {
            assertJob(other, job.getKey(), printed.get(job.getKey()), SETTLES, job.getKey().equals("kb@a2") ? 2 : 1,
                    true);
        }
    }

    @Test
    @Order(5)
    void totalOutageAgentsKeepSupervisingAndAFreshClusterLearnsEverythingBack() throws Exception {
        for (String c : bench.coordinatorNames()) {
            bench.kill(c);
        }
        Map<String, Long> atKill = printedNow();
        // With no coordinator at all the jobs run on, each once, and keep printing.
        for (var job : jobs.entrySet()) {
            String name = name(job.getKey());
            Await.until(job.getKey() + " prints on without coordinators", SETTLES,
                    () -> printed(job.getValue(), name) >= atKill.get(job.getKey()) + 60);
            assertThat(bench.livePids(job.getValue(), marker(name))).hasSize(1);
        }
        Map<String, Long> atRestart = printedNow();

        long t0 = System.nanoTime();
        bench.startCoordinators();
        awaitOneCluster();
        for (var job : jobs.entrySet()) {
            // Acknowledged lines went with the old cluster, but each host keeps its jobs' lines: a
            // fresh cluster reads the history back from them, every line once (kb@a2's agent
            // container was killed and brought back by an earlier test: its first run's lines are
            // there or not as that agent's store kept them, so one run or two).
            // Every other job's whole history, from its first line, comes back from its host.
            boolean replacedAgent = job.getKey().equals("kb@a2");
            CounterHistory h = assertJob("c3", job.getKey(), atRestart.get(job.getKey()), SETTLES, 1,
                    replacedAgent ? 2 : 1, !replacedAgent);
            assertThat(h.first()).as(job.getKey() + " history starts by the kill").isLessThanOrEqualTo(
                    atKill.get(job.getKey()) + 1);
        }
        System.out.println("[containers] fresh cluster: every job and spooled line back "
                + (System.nanoTime() - t0) / 1_000_000 + " ms after the coordinators were started");
    }

    // --- the fleet ---

    static void startAgent(String name) {
        try {
            bench.startAgent(name);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static void restartCoordinator(String name) throws InterruptedException {
        bench.startCoordinator(name);
        awaitOneCluster();
    }

    /**
     * The coordinators form one cluster: each of them shows every agent UP (a coordinator in a
     * cluster of its own would not see the sessions the others hold).
     */
    static void awaitOneCluster() throws InterruptedException {
        for (String c : bench.coordinatorNames()) {
            awaitHostsUp(c, AGENTS, SETTLES);
        }
    }

    static void awaitHostsUp(String via, List<String> hosts, Duration max) throws InterruptedException {
        for (String h : hosts) {
            Await.until(h + " UP through " + via, max, () -> bench.host(via, h), row -> row.isPresent() && up(row.get()));
        }
    }

    static boolean up(String[] hostRow) {
        return hostRow[1].equals("UP");
    }

    /** The coordinator holding the agent's session, e.g. {@code c2}. */
    static String sessionHolder(String agent) throws InterruptedException {
        String[] row = Await.until(agent + " has a session", SETTLES, () -> bench.host("c1", agent),
                r -> r.isPresent() && up(r.get())).get();
        return row[4].substring(0, row[4].indexOf(':'));
    }

    static String anotherThan(String coordinator) {
        return bench.coordinatorNames().stream().filter(c -> !c.equals(coordinator)).findFirst().orElseThrow();
    }

    // --- counter jobs ---

    static String marker(String name) {
        return "/tmp/" + name + ".count";
    }

    /** A job printing 1, 2, 3, ... every 50 ms; it also leaves its last number in a file in its container. */
    static String startCounter(String agent, String name) throws InterruptedException {
        String script = "i=0; while :; do i=$((i+1)); echo $i; echo $i > " + marker(name) + "; sleep 0.05; done";
        BenchContainers.Ctl run = bench.ctl(bench.coordinatorNames(), "run", "--host", agent, "--name", name,
                "sh", "-c", script).orFail("run " + name);
        String id = name + "@" + agent;
        assertThat(run.out()).contains(id);
        jobs.put(id, agent);
        Await.until(id + " printing", SETTLES, () -> printed(agent, name) >= 20);
        return id;
    }

    /** The last number the job printed, read inside its container. */
    static long printed(String agent, String name) {
        String text = bench.read(agent, marker(name)).strip();
        return text.isEmpty() ? 0 : Long.parseLong(text);
    }

    static Map<String, Long> printedNow() {
        Map<String, Long> now = new LinkedHashMap<>();
        jobs.forEach((id, agent) -> now.put(id, printed(agent, name(id))));
        return now;
    }

    static String name(String id) {
        return id.substring(0, id.indexOf('@'));
    }

    /**
     * Within {@code max}: exactly one live process of the job in its agent's container, and ps
     * through {@code via} shows the job once, RUNNING on that agent with that pid; its history
     * through {@code via} reaches {@code atLeast} in {@code runs} runs (from 1 when {@code
     * fromOne}). A gap or a repeat fails at once.
     */
    static CounterHistory assertJob(String via, String id, long atLeast, Duration max, int runs, boolean fromOne)
            throws InterruptedException {
        return assertJob(via, id, atLeast, max, runs, runs, fromOne);
    }

    /** The same, with between {@code minRuns} and {@code runs} runs in the history. */
    static CounterHistory assertJob(String via, String id, long atLeast, Duration max, int minRuns, int runs,
            boolean fromOne) throws InterruptedException {
        String agent = jobs.get(id);
        List<String> seen = new ArrayList<>();
        Await.until(id + ": one process on " + agent + ", ps through " + via + " names it", max, () -> {
            List<Integer> pids = bench.livePids(agent, marker(name(id)));
            List<String[]> rows = bench.ps(via, id);
            Optional<String[]> row = rows.size() == 1 ? Optional.of(rows.get(0)) : Optional.empty();
            seen.clear();
            seen.add("pids " + pids + ", ps " + rows.stream().map(r -> String.join(" ", r)).toList());
            return pids.size() == 1 && row.isPresent() && row.get()[1].equals(agent) && row.get()[2].equals("RUNNING")
                    && row.get()[3].equals(Integer.toString(pids.get(0)));
        });
        return Await.until(id + " history through " + via + " reaches " + atLeast + " in " + runs + " run(s)", max,
                () -> {
                    CounterHistory h = bench.history(via, id);
                    if (!h.contiguous() || h.runs().size() > runs || (fromOne && h.first() != 1)) {
                        throw new AssertionError(id + " history through " + via + ": " + h);
                    }
                    return h;
                }, h -> h.runs().size() >= minRuns && h.last() >= atLeast);
    }
}
