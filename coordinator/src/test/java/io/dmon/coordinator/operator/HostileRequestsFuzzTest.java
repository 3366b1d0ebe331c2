package io.dmon.coordinator.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.coordinator.FakeAgent;
import io.dmon.coordinator.ServiceHarness;
import io.dmon.coordinator.store.FleetStore;
import io.dmon.proto.v1.AddGateRequest;
import io.dmon.proto.v1.AgentMessage;
import io.dmon.proto.v1.ClusterRequest;
import io.dmon.proto.v1.EventsRequest;
import io.dmon.proto.v1.JobsRequest;
import io.dmon.proto.v1.ListGatesRequest;
import io.dmon.proto.v1.ListHostsRequest;
import io.dmon.proto.v1.ListJobsRequest;
import io.dmon.proto.v1.LogsRequest;
import io.dmon.proto.v1.OperatorServiceGrpc.OperatorServiceBlockingStub;
import io.dmon.proto.v1.PauseRequest;
import io.dmon.proto.v1.Register;
import io.dmon.proto.v1.RemoveGateRequest;
import io.dmon.proto.v1.RemoveRequest;
import io.dmon.proto.v1.ResumeRequest;
import io.dmon.proto.v1.RunRequest;
import io.dmon.proto.v1.SignalRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.EnumSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Every operator RPC and the agent session, fed random requests (fields empty, huge, of odd
 * characters, numbers at their extremes, lists of thousands) over in-process gRPC against the real
 * services on a real single Hazelcast member. The property: each call ends OK or with a status the
 * API documents and a one-line description of bounded length; never UNKNOWN or INTERNAL, never
 * a stack trace in the description.
 */
class HostileRequestsFuzzTest {
    private static final Set<Status.Code> DOCUMENTED = EnumSet.of(Status.Code.OK, Status.Code.INVALID_ARGUMENT,
            Status.Code.NOT_FOUND, Status.Code.FAILED_PRECONDITION, Status.Code.ALREADY_EXISTS, Status.Code.OUT_OF_RANGE,
            Status.Code.PERMISSION_DENIED);
    private static final AtomicLong CALLS = new AtomicLong();
    private static final AtomicLong REFUSED = new AtomicLong();
    private static final AtomicLong SESSIONS = new AtomicLong();
    private static final AtomicInteger HOSTS = new AtomicInteger();
    private static FleetStore store;
    private static ServiceHarness coordinator;
    private static FakeAgent agent;

    @BeforeContainer
    static void start() throws Exception {
        store = ServiceHarness.singleMember("dmon-fuzz");
        coordinator = new ServiceHarness(store, "coordinator-fuzz");
        agent = coordinator.agent();
        agent.registerAndAwaitAssignment("h1", Map.of("role", "db"));
    }

    @AfterContainer
    static void stop() throws Exception {
        System.out.println("HostileRequestsFuzzTest: " + CALLS.get() + " operator calls (" + REFUSED.get()
                + " refused with a documented status and one line) and " + SESSIONS.get()
                + " agent sessions tried, 0 UNKNOWN or INTERNAL");
        agent.close();
        coordinator.close();
        store.close();
    }

    @Property(tries = 400)
    void everyOperatorCallEndsWithADocumentedStatusAndOneLine(@ForAll long seed) {
        Random random = new Random(seed);
        OperatorServiceBlockingStub stub = coordinator.operator().withDeadlineAfter(10, TimeUnit.SECONDS);
        switch (random.nextInt(15)) {
            case 0 -> call(() -> stub.run(RandomMessages.fill(RunRequest.getDefaultInstance(), random)));
            case 1 -> call(() -> stub.listJobs(RandomMessages.fill(ListJobsRequest.getDefaultInstance(), random)));
            case 2 -> call(() -> stub.listHosts(ListHostsRequest.getDefaultInstance()));
            case 3, 4 -> call(() -> stub.logChunks(RandomMessages.fill(LogsRequest.getDefaultInstance(), random).toBuilder()
                    .setFollow(false).build()).forEachRemaining(l -> { }));
            case 5 -> call(() -> stub.stop(RandomMessages.fill(JobsRequest.getDefaultInstance(), random)));
            case 6 -> call(() -> stub.restart(RandomMessages.fill(JobsRequest.getDefaultInstance(), random)));
            case 7 -> call(() -> stub.signal(RandomMessages.fill(SignalRequest.getDefaultInstance(), random)));
            case 8 -> call(() -> stub.events(RandomMessages.fill(EventsRequest.getDefaultInstance(), random).toBuilder()
                    .setFollow(false).build()).forEachRemaining(e -> { }));
            case 9 -> call(() -> stub.pause(RandomMessages.fill(PauseRequest.getDefaultInstance(), random)));
            case 10 -> call(() -> stub.resume(RandomMessages.fill(ResumeRequest.getDefaultInstance(), random)));
            case 11 -> call(() -> stub.addGate(RandomMessages.fill(AddGateRequest.getDefaultInstance(), random)));
            case 12 -> call(() -> stub.removeGate(RandomMessages.fill(RemoveGateRequest.getDefaultInstance(), random)));
            case 13 -> call(() -> stub.remove(RandomMessages.fill(RemoveRequest.getDefaultInstance(), random)));
            default -> {
                call(() -> stub.listGates(ListGatesRequest.getDefaultInstance()));
                call(() -> stub.cluster(ClusterRequest.getDefaultInstance()));
            }
        }
    }

    @Property(tries = 150)
    void everyAgentSessionEndsWithADocumentedStatusAndOneLine(@ForAll long seed) {
        Random random = new Random(seed);
        SESSIONS.incrementAndGet();
        FakeAgent session = coordinator.agent();
        String host = "fz" + HOSTS.incrementAndGet();
        if (random.nextBoolean()) {
            session.send(AgentMessage.newBuilder().setRegister(Register.newBuilder().setName(host)).build());
        }
        int messages = 1 + random.nextInt(3);
        for (int i = 0; i < messages; i++) {
            AgentMessage m = RandomMessages.fill(AgentMessage.getDefaultInstance(), random);
            session.send(m);
        }
        session.finish();
        Status status = session.awaitClosed();
        check(status);
    }

    private static void call(Runnable rpc) {
        CALLS.incrementAndGet();
        try {
            rpc.run();
        } catch (StatusRuntimeException e) {
            REFUSED.incrementAndGet();
            check(e.getStatus());
        }
    }

    private static void check(Status status) {
        assertThat(DOCUMENTED).as("%s %s", status.getCode(), status.getDescription()).contains(status.getCode());
        String description = status.getDescription();
        if (status.isOk()) {
            return;
        }
        assertThat(description).as(status.getCode().name()).isNotBlank().doesNotContain("\n").doesNotContain("\tat ");
        assertThat(description.length()).as(description).isLessThanOrEqualTo(1000);
    }

}
