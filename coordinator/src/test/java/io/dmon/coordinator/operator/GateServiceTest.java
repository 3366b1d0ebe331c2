package io.dmon.coordinator.operator;

import static io.dmon.coordinator.operator.PauseServiceTest.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.coordinator.FakeAgent;
import io.dmon.coordinator.ServiceHarness;
import io.dmon.coordinator.store.FleetStore;
import io.dmon.proto.v1.AddGateRequest;
import io.dmon.proto.v1.EventsRequest;
import io.dmon.proto.v1.Gate;
import io.dmon.proto.v1.GateView;
import io.dmon.proto.v1.JobEvent;
import io.dmon.proto.v1.ListGatesRequest;
import io.dmon.proto.v1.RemoveGateRequest;
import io.dmon.proto.v1.Selector;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** AddGate, ListGates and RemoveGate over in-process gRPC: every bad gate refused, nothing stored. */
class GateServiceTest {
    private static FleetStore store;
    private ServiceHarness coordinator;
    private FakeAgent agent;

    @BeforeAll
    static void startStore() throws Exception {
        store = ServiceHarness.singleMember("dmon-gates");
    }

    @AfterAll
    static void stopStore() {
        store.close();
    }

    @BeforeEach
    void startCoordinator() throws Exception {
        coordinator = new ServiceHarness(store, "coordinator-gates");
        agent = coordinator.agent();
        agent.registerAndAwaitAssignment("db1", Map.of("role", "db"));
    }

    @AfterEach
    void stopCoordinator() throws Exception {
        agent.close();
        coordinator.close();
        store.gates().all().forEach(g -> store.gates().remove(g.getName()));
    }

    static Gate.Builder hostGate(String name, String host, double high) {
        return Gate.newBuilder().setName(name).setWatch(Gate.Watch.HOST).setWatchHost(host).setHigh(high)
                .setSelector(Selector.newBuilder().setTag("batch"));
    }

    @Test
    void everyBadGateIsRefusedWithItsStatusAndNothingIsStored() {
        assertBad(hostGate("", "db1", 4), "bad gate name '': use 1 to 64 letters, digits, '.', '_', '-'");
        assertBad(hostGate("a/b", "db1", 4), "bad gate name 'a/b': use 1 to 64 letters, digits, '.', '_', '-'");
        // Over the size limit: refused before the name is read, and not repeated back.
        assertBad(hostGate("x".repeat(65), "db1", 4), "gate name: longer than 64 characters");
        assertBad(hostGate("g", "db1", 4).setWatch(Gate.Watch.WATCH_UNSPECIFIED).clearWatchHost(),
                "no watch given: a host, max or avg");
        assertBad(hostGate("g", "", 4), "watch HOST needs a host name");
        assertBad(hostGate("g", "nosuch", 4), "unknown host 'nosuch'");
        assertBad(hostGate("g", "db1", 4).putWatchLabels("role", "db"),
                "watch labels go only with max or avg, not with a watched host");
        assertBad(hostGate("g", "db1", 4).setWatch(Gate.Watch.MAX),
                "a watched host goes only with watch HOST, not with max or avg");
        assertBad(hostGate("g", "db1", 0), "bad high mark 0.0: give a number above 0");
        assertBad(hostGate("g", "db1", -1), "bad high mark -1.0: give a number above 0");
        assertBad(hostGate("g", "db1", Double.NaN), "bad high mark NaN: give a number above 0");
        assertBad(hostGate("g", "db1", Double.POSITIVE_INFINITY), "bad high mark Infinity: give a number above 0");
        assertBad(hostGate("g", "db1", 4).setLow(-0.5), "bad low mark -0.5: give a number of 0 or more");
        assertBad(hostGate("g", "db1", 4).setMetric("load5"),
                "unknown metric 'load5' (load1, or cpu|io|memory[.some|full][.avg10|avg60|avg300])");
        assertBad(hostGate("g", "db1", 4).setMetric("io.most"), "metric: in 'io.most', 'most' is neither some/full"
                + " nor avg10/avg60/avg300 (cpu|io|memory[.some|full][.avg10|avg60|avg300])");
        assertBad(hostGate("g", "db1", 4).setMetric("io"), "host 'db1' reports no io.some.avg10 (its kernel has no"
                + " pressure stall information, or not that line; or it has not sent a heartbeat yet)");
        assertBad(hostGate("g", "db1", 4).setLow(Double.NaN), "bad low mark NaN: give a number of 0 or more");
        assertBad(hostGate("g", "db1", 4).setLow(5), "low mark 5.00 is above the high mark 4.00");
        assertBad(hostGate("g", "db1", 4).clearSelector(), "empty selector: give job ids, --host, --tag, --label or --all");
        assertBad(hostGate("g", "db1", 4).setSelector(Selector.newBuilder().setAll(true).setTag("x")),
                "--all goes alone, not with --host, --tag or --label");
        assertThat(store.gates().all()).isEmpty();
        assertThat(coordinator.operator().listGates(ListGatesRequest.getDefaultInstance()).getGatesList()).isEmpty();
    }

    @Test
    void aGateIsStoredOpenWithItsLowFilledInAndANameOnlyOnce() {
        GateView added = add(hostGate("dbload", "db1", 4));
        Gate gate = added.getGate();
        assertThat(gate.getLow()).isEqualTo(2.0);
        assertThat(gate.getMetric()).as("no metric: the load, by name").isEqualTo("load1");
        assertThat(gate.getClosed()).isFalse();
        assertThat(gate.getCreatedBy()).isEqualTo("alice@ops1 (unauthenticated)");
        assertThat(gate.getCreatedUnixMs()).isPositive();
        assertThat(store.gates().get("dbload")).contains(gate);
        // An explicit low of 0 is kept, not taken for "absent".
        assertThat(add(Gate.newBuilder().setName("fleet").setWatch(Gate.Watch.AVG).putWatchLabels("role", "db")
                .setHigh(8).setLow(0).setSelector(Selector.newBuilder().setAll(true))).getGate().getLow()).isZero();
        // State sent in AddGate is ignored: the evaluator decides it.
        assertThat(add(hostGate("early", "db1", 4).setClosed(true).setNote("x")).getGate().getClosed()).isFalse();

        // A pressure metric once the host gives it, stored by its full name.
        agent.heartbeat(0.5, 3.0);
        io.dmon.coordinator.Eventually.awaitTrue("db1's pressure stored", () -> store.hosts().get("db1").orElseThrow()
                .hasPressure());
        assertThat(add(hostGate("dbio", "db1", 40).setMetric("io.full")).getGate().getMetric()).isEqualTo("io.full.avg10");
        assertThat(store.gates().get("dbio").orElseThrow().getLow()).isEqualTo(20.0);
        store.gates().remove("dbio");

        assertRefused(() -> add(hostGate("dbload", "db1", 9)), Status.Code.ALREADY_EXISTS, "gate 'dbload' already exists");
        assertThat(store.gates().get("dbload").orElseThrow().getHigh()).isEqualTo(4.0);

        assertThat(coordinator.operator().listGates(ListGatesRequest.getDefaultInstance()).getGatesList())
                .extracting(v -> v.getGate().getName()).containsExactly("dbload", "early", "fleet");
        assertThat(events(JobEvent.Kind.GATE_ADDED, "dbload")).extracting(JobEvent::getCause).containsExactly("added by alice@ops1 (unauthenticated)");

        assertRefused(() -> coordinator.operator().removeGate(RemoveGateRequest.newBuilder().setName("nope").build()),
                Status.Code.NOT_FOUND, "unknown gate 'nope'");
        GateView removed = coordinator.operator().removeGate(RemoveGateRequest.newBuilder().setName("dbload").setBy("bob@ops2").build());
        assertThat(removed.getGate().getName()).isEqualTo("dbload");
        assertThat(store.gates().get("dbload")).isEmpty();
        assertThat(events(JobEvent.Kind.GATE_REMOVED, "dbload")).extracting(JobEvent::getCause).containsExactly("removed by bob@ops2 (unauthenticated)");
    }

    private GateView add(Gate.Builder gate) {
        return coordinator.operator().addGate(AddGateRequest.newBuilder().setGate(gate).setBy("alice@ops1").build());
    }

    private void assertBad(Gate.Builder gate, String message) {
        assertRefused(() -> add(gate), Status.Code.INVALID_ARGUMENT, message);
    }

    private List<JobEvent> events(JobEvent.Kind kind, String gate) {
        List<JobEvent> out = new ArrayList<>();
        coordinator.operator().events(EventsRequest.newBuilder().setRecent(1000).build()).forEachRemaining(e -> {
            if (e.getKind() == kind && e.getGate().equals(gate)) {
                out.add(e);
            }
        });
        return out;
    }
}
