package io.dmon.coordinator.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dmon.coordinator.FakeAgent;
import io.dmon.coordinator.Fixtures;
import io.dmon.coordinator.ServiceHarness;
import io.dmon.coordinator.store.FleetStore;
import io.dmon.proto.v1.AddGateRequest;
import io.dmon.proto.v1.EnvChange;
import io.dmon.proto.v1.Gate;
import io.dmon.proto.v1.JobsRequest;
import io.dmon.proto.v1.LogsRequest;
import io.dmon.proto.v1.PauseRequest;
import io.dmon.proto.v1.RunRequest;
import io.dmon.proto.v1.Selector;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Requests over the size limits, as a client other than dmonctl could send them: each refused
 * with INVALID_ARGUMENT and one short line that does not repeat the value, nothing stored.
 */
class RequestLimitsServiceTest {
    private static final String HUGE = "x".repeat(10_000);
    private static FleetStore store;
    private static ServiceHarness coordinator;

    @BeforeAll
    static void start() throws Exception {
        store = ServiceHarness.singleMember("dmon-limits");
        coordinator = new ServiceHarness(store, "coordinator-limits");
    }

    @AfterAll
    static void stop() throws Exception {
        coordinator.close();
        store.close();
    }

    @Test
    void hugeValuesAreRefusedInOneShortLine() {
        refused(() -> coordinator.operator().run(Fixtures.runOn(HUGE, "true")), "host name 1: longer than 253 characters");
        refused(() -> coordinator.operator().run(Fixtures.runOn("h1", "true").toBuilder().addTags(HUGE).build()),
                "tag 1: longer than 64 characters");
        refused(() -> coordinator.operator().stop(JobsRequest.newBuilder().addJobIds(HUGE).build()),
                "job id 1: longer than 318 characters");
        refused(() -> coordinator.operator().pause(PauseRequest.newBuilder()
                .setSelector(Selector.newBuilder().putLabels("role", HUGE)).build()),
                "labels: a label value longer than 256 characters");
        refused(() -> coordinator.operator().addGate(AddGateRequest.newBuilder()
                .setGate(Gate.newBuilder().setName("g").setWatchHost(HUGE)).build()), "watched host: longer than 253 characters");
        refused(() -> coordinator.operator().logChunks(LogsRequest.newBuilder().setHost(HUGE).build()).hasNext(),
                "host name: longer than 253 characters");
        assertThat(store.jobs().all()).isEmpty();
        assertThat(store.gates().all()).isEmpty();
    }

    @Test
    void aFiveMegabyteRunIsRefusedLikeAnyOther() {
        RunRequest run = Fixtures.runOn("h1", "true").toBuilder().setSpec(Fixtures.spec("true").toBuilder()
                .addEnviron(EnvChange.newBuilder().setName("BIG").setValue("v".repeat(5 << 20)))).build();
        refused(() -> coordinator.operator().run(run), "environment change 1 (-E): value longer than 16384 bytes");
    }

    @Test
    void anAgentRegisteringUnderAHugeNameIsRefused() {
        try (FakeAgent agent = coordinator.agent()) {
            agent.register(HUGE, Map.of(), List.of(), List.of());
            Status status = agent.awaitClosed();
            assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(status.getDescription()).isEqualTo("register: host name: longer than 253 characters");
        }
    }

    private static void refused(ThrowingCallable call, String description) {
        assertThatThrownBy(call).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(e.getStatus().getDescription()).isEqualTo(description);
        });
    }
}
