package io.dmon.coordinator.gates;

import static io.dmon.coordinator.Fixtures.runOn;
import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.coordinator.Eventually;
import io.dmon.coordinator.FakeAgent;
import io.dmon.coordinator.ServiceHarness;
import io.dmon.coordinator.store.FleetStore;
import io.dmon.proto.v1.AddGateRequest;
import io.dmon.proto.v1.EventsRequest;
import io.dmon.proto.v1.Gate;
import io.dmon.proto.v1.Job;
import io.dmon.proto.v1.JobEvent;
import io.dmon.proto.v1.ListGatesRequest;
import io.dmon.proto.v1.PauseRequest;
import io.dmon.proto.v1.RemoveGateRequest;
import io.dmon.proto.v1.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The evaluator on a one-member store (so the oldest member), fed by scripted agents' heartbeats
 * over in-process gRPC; its clock is the harness's, so a DOWN host's grace and a lease can pass
 * without waiting.
 */
class GateEvaluatorTest {
    private static final AtomicInteger RUNS = new AtomicInteger();
    private static FleetStore store;
    private final List<FakeAgent> agents = new ArrayList<>();
    private ServiceHarness coordinator;
    private GateEvaluator evaluator;
    private String n;

    @BeforeAll
    static void startStore() throws Exception {
        store = ServiceHarness.singleMember("dmon-evaluator");
    }

    @AfterAll
    static void stopStore() {
        store.close();
    }

    @BeforeEach
    void start() throws Exception {
        n = "e" + RUNS.incrementAndGet();
        coordinator = new ServiceHarness(store, "coordinator-" + n);
        evaluator = new GateEvaluator(store, coordinator.clock, Duration.ofSeconds(30)).start();
    }

    @AfterEach
    void stop() throws Exception {
        evaluator.close();
        agents.forEach(FakeAgent::close);
        coordinator.close();
        store.gates().all().forEach(g -> store.gates().remove(g.getName()));
    }

    @Test
    void aHostGateClosesAboveHighAndOpensOnlyAtOrBelowLow() {
        String db = "db-" + n;
        FakeAgent dbAgent = up(db, Map.of());
        FakeAgent app = up("app-" + n, Map.of());
        Job batch = coordinator.operator().run(runOn("app-" + n, "dump").toBuilder().addTags("batch").build()).getJobs(0);
        Job other = coordinator.operator().run(runOn("app-" + n, "nginx")).getJobs(0);
        add(hostGate("load-" + n, db));

        dbAgent.heartbeat(6.2);
        awaitGate("load-" + n, Gate::getClosed);
        Job held = Eventually.await("the batch job held", () -> job(batch), j -> !j.getGatesList().isEmpty());
        assertThat(held.getGatesList()).containsExactly("load-" + n);
        assertThat(job(other).getGatesList()).isEmpty();
        app.awaitMessage("the hold pushed to the agent", m -> m.hasChange()
                && m.getChange().getJob().getGatesList().contains("load-" + n));
        assertThat(gateEvents("load-" + n)).extracting(JobEvent::getKind, JobEvent::getCause)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(JobEvent.Kind.GATE_CLOSED, db + " load1 6.20 > high 4.00"));

        // A job run under the closed gate starts held: Run itself names the gate.
        Job late = coordinator.operator().run(runOn("app-" + n, "dump2").toBuilder().addTags("batch").build()).getJobs(0);
        assertThat(late.getGatesList()).containsExactly("load-" + n);

        // Between the marks nothing changes.
        dbAgent.heartbeat(3.0);
        Gate between = awaitGate("load-" + n, g -> g.getValue() == 3.0);
        assertThat(between.getClosed()).isTrue();
        assertThat(job(batch).getGatesList()).containsExactly("load-" + n);

        dbAgent.heartbeat(1.5);
        awaitGate("load-" + n, g -> !g.getClosed());
        Eventually.await("the batch job released", () -> job(batch), j -> j.getGatesList().isEmpty());
        Eventually.await("the late job released", () -> job(late), j -> j.getGatesList().isEmpty());
        assertThat(gateEvents("load-" + n)).extracting(JobEvent::getCause)
                .containsExactly(db + " load1 6.20 > high 4.00", db + " load1 1.50 <= low 2.00");

        // Removing a closed gate releases what it held.
        dbAgent.heartbeat(7);
        Eventually.await("held again", () -> job(batch), j -> !j.getGatesList().isEmpty());
        assertThat(coordinator.operator().listGates(ListGatesRequest.getDefaultInstance()).getGates(0).getJobsHeld()).isEqualTo(2);
        coordinator.operator().removeGate(RemoveGateRequest.newBuilder().setName("load-" + n).build());
        assertThat(job(batch).getGatesList()).isEmpty();
        assertThat(job(late).getGatesList()).isEmpty();
    }

    @Test
    void maxAndAvgWatchTheUpHostsWithTheWatchLabels() throws InterruptedException {
        FakeAgent h1 = up("h1-" + n, Map.of("fleet", n, "role", "db"));
        FakeAgent h2 = up("h2-" + n, Map.of("fleet", n, "role", "web"));
        FakeAgent h3 = up("h3-" + n, Map.of("fleet", "other-" + n));
        h1.heartbeat(1.0);
        h2.heartbeat(3.0);
        h3.heartbeat(9.0);
        Awaits.hostLoad(store, "h2-" + n, 3.0);
        Awaits.hostLoad(store, "h3-" + n, 9.0);
        add(Gate.newBuilder().setName("max-" + n).setWatch(Gate.Watch.MAX).putWatchLabels("fleet", n).setHigh(2.5)
                .setSelector(Selector.newBuilder().setAll(true)));
        add(Gate.newBuilder().setName("avg-" + n).setWatch(Gate.Watch.AVG).putWatchLabels("fleet", n).setHigh(2.5)
                .setSelector(Selector.newBuilder().setAll(true)));
        add(Gate.newBuilder().setName("none-" + n).setWatch(Gate.Watch.MAX).putWatchLabels("fleet", "nobody").setHigh(1)
                .setSelector(Selector.newBuilder().setAll(true)));

        Gate max = awaitGate("max-" + n, Gate::getClosed);
        assertThat(max.getValue()).isEqualTo(3.0);
        Gate avg = awaitGate("avg-" + n, g -> g.getEvaluatedUnixMs() > 0);
        assertThat(avg.getValue()).isEqualTo(2.0);
        assertThat(avg.getClosed()).isFalse();
        Gate none = awaitGate("none-" + n, g -> g.getEvaluatedUnixMs() > 0);
        assertThat(none.getValue()).isZero();
        assertThat(none.getNote()).isEqualTo("no UP host watched");
        assertThat(none.getClosed()).isFalse();

        h2.heartbeat(1.0);
        awaitGate("max-" + n, g -> !g.getClosed());
        // The gate's change and its event are two writes: the event may be read a moment later.
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (gateEvents("max-" + n).size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(gateEvents("max-" + n)).extracting(JobEvent::getCause).containsExactly(
                "max load1 of fleet=" + n + " 3.00 > high 2.50", "max load1 of fleet=" + n + " 1.00 <= low 1.25");
    }

    @Test
    void aGateOnAHostsIoPressureClosesAndOpensWithItsMarks() {
        String db = "psi-" + n;
        FakeAgent dbAgent = up(db, Map.of());
        up("app-" + n, Map.of());
        // A tag of its own: the other tests' gates select "batch" in the same store.
        Job batch = coordinator.operator().run(runOn("app-" + n, "dump").toBuilder().addTags("psi").build()).getJobs(0);
        dbAgent.heartbeat(0.1, 5.0);
        Eventually.awaitTrue("the pressure stored", () -> store.hosts().get(db).orElseThrow().hasPressure());
        assertThat(store.hosts().get(db).orElseThrow().getPressure()).isEqualTo(FakeAgent.io(5.0));
        add(hostGate("io-" + n, db).setMetric("io").setHigh(40).setLow(20).setSelector(Selector.newBuilder().setTag("psi")));
        assertThat(store.gates().get("io-" + n).orElseThrow().getMetric()).as("stored by its full name")
                .isEqualTo("io.some.avg10");

        dbAgent.heartbeat(0.1, 55.5);
        awaitGate("io-" + n, Gate::getClosed);
        Eventually.await("the batch job held", () -> job(batch), j -> j.getGatesList().contains("io-" + n));
        dbAgent.heartbeat(9.0, 30.0);
        Gate between = awaitGate("io-" + n, g -> g.getValue() == 30.0);
        assertThat(between.getClosed()).as("the load is not what it watches; 30 is between the marks").isTrue();
        dbAgent.heartbeat(9.0, 20.0);
        awaitGate("io-" + n, g -> !g.getClosed());
        Eventually.await("the batch job released", () -> job(batch), j -> j.getGatesList().isEmpty());
        assertThat(gateEvents("io-" + n)).extracting(JobEvent::getCause).containsExactly(
                db + " io.some.avg10 55.50 > high 40.00", db + " io.some.avg10 20.00 <= low 20.00");

        // The host stops giving pressure: nothing is decided on a figure it no longer has.
        dbAgent.heartbeat(0.1, 90.0);
        awaitGate("io-" + n, Gate::getClosed);
        dbAgent.heartbeat(0.1);
        Gate blind = awaitGate("io-" + n, g -> !g.getNote().isEmpty());
        assertThat(blind.getNote()).isEqualTo(db + " reports no io.some.avg10 (no pressure stall information):"
                + " nothing decided");
        assertThat(blind.getClosed()).isTrue();
    }

    @Test
    void maxAndAvgOfAPressureLeaveOutTheHostsWithoutIt() {
        FakeAgent h1 = up("p1-" + n, Map.of("fleet", n));
        FakeAgent h2 = up("p2-" + n, Map.of("fleet", n));
        FakeAgent h3 = up("p3-" + n, Map.of("fleet", n));
        h1.heartbeat(50, 10.0);
        h2.heartbeat(50, 30.0);
        h3.heartbeat(50);
        Eventually.awaitTrue("pressure stored", () -> store.hosts().get("p2-" + n).orElseThrow().hasPressure()
                && store.hosts().get("p3-" + n).orElseThrow().getLoad1() == 50);
        add(Gate.newBuilder().setName("pmax-" + n).setWatch(Gate.Watch.MAX).putWatchLabels("fleet", n)
                .setMetric("io.some.avg10").setHigh(25).setSelector(Selector.newBuilder().setAll(true)));
        add(Gate.newBuilder().setName("pavg-" + n).setWatch(Gate.Watch.AVG).putWatchLabels("fleet", n)
                .setMetric("io.some.avg10").setHigh(25).setSelector(Selector.newBuilder().setAll(true)));
        Gate max = awaitGate("pmax-" + n, Gate::getClosed);
        assertThat(max.getValue()).isEqualTo(30.0);
        assertThat(max.getNote()).isEqualTo("1 UP host without io.some.avg10 left out");
        Gate avg = awaitGate("pavg-" + n, g -> g.getEvaluatedUnixMs() > 0);
        assertThat(avg.getValue()).as("the mean of the two that give it").isEqualTo(20.0);
        assertThat(avg.getClosed()).isFalse();
        assertThat(gateEvents("pmax-" + n)).extracting(JobEvent::getCause)
                .containsExactly("max io.some.avg10 of fleet=" + n + " 30.00 > high 25.00");
    }

    @Test
    void aDownWatchedHostCountsBelowTheLowMarkAfterTheGrace() {
        String db = "db-" + n;
        FakeAgent dbAgent = up(db, Map.of());
        add(hostGate("down-" + n, db));
        dbAgent.heartbeat(6.0);
        awaitGate("down-" + n, Gate::getClosed);

        dbAgent.finish();
        dbAgent.awaitClosed();
        Gate waiting = awaitGate("down-" + n, g -> g.getNote().startsWith(db + " DOWN for"));
        assertThat(waiting.getClosed()).isTrue();
        assertThat(waiting.getNote()).endsWith(": counted below the low mark after 30s");

        coordinator.clock.advance(Duration.ofSeconds(31));
        Gate open = awaitGate("down-" + n, g -> !g.getClosed());
        assertThat(open.getNote()).matches(db + " DOWN for 3[12]s: counted below the low mark");
        assertThat(gateEvents("down-" + n)).last().satisfies(e -> {
            assertThat(e.getKind()).isEqualTo(JobEvent.Kind.GATE_OPENED);
            assertThat(e.getCause()).isEqualTo(open.getNote());
        });
    }

    @Test
    void aPauseWhoseLeaseHasPassedIsClearedFromTheJob() {
        up("lease-" + n, Map.of());
        Job leased = coordinator.operator().run(runOn("lease-" + n, "a")).getJobs(0);
        Job forever = coordinator.operator().run(runOn("lease-" + n, "b")).getJobs(0);
        coordinator.operator().pause(PauseRequest.newBuilder().setSelector(Selector.newBuilder().addJobIds(leased.getId()))
                .setLeaseMs(60_000).build());
        coordinator.operator().pause(PauseRequest.newBuilder().setSelector(Selector.newBuilder().addJobIds(forever.getId())).build());
        assertThat(job(leased).hasPause()).isTrue();

        coordinator.clock.advance(Duration.ofSeconds(60).plusMillis(LeaseTidy.AGENT_FIRST_MS).plusSeconds(1));
        Eventually.await("the lease tidied", () -> job(leased), j -> !j.hasPause());
        assertThat(job(forever).hasPause()).isTrue();
    }

    private static Gate.Builder hostGate(String name, String host) {
        return Gate.newBuilder().setName(name).setWatch(Gate.Watch.HOST).setWatchHost(host).setHigh(4).setLow(2)
                .setSelector(Selector.newBuilder().setTag("batch"));
    }

    private void add(Gate.Builder gate) {
        coordinator.operator().addGate(AddGateRequest.newBuilder().setGate(gate).build());
    }

    private Gate awaitGate(String name, java.util.function.Predicate<Gate> done) {
        return Eventually.await("gate " + name, () -> store.gates().get(name).orElseThrow(), done);
    }

    private Job job(Job job) {
        return store.jobs().get(job.getId()).orElseThrow();
    }

    private List<JobEvent> gateEvents(String gate) {
        List<JobEvent> out = new ArrayList<>();
        coordinator.operator().events(EventsRequest.newBuilder().setRecent(1000).build()).forEachRemaining(e -> {
            if (e.getGate().equals(gate) && e.getKind() != JobEvent.Kind.GATE_ADDED) {
                out.add(e);
            }
        });
        return out;
    }

    private FakeAgent up(String name, Map<String, String> labels) {
        FakeAgent agent = coordinator.agent();
        agents.add(agent);
        agent.registerAndAwaitAssignment(name, labels);
        return agent;
    }

    /** Waiting for what a heartbeat wrote. */
    static final class Awaits {
        static void hostLoad(FleetStore store, String host, double load) {
            Eventually.awaitTrue(host + " load " + load, () -> store.hosts().get(host).orElseThrow().getLoad1() == load);
        }
    }
}
