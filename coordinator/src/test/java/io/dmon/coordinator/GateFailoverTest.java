package io.dmon.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.coordinator.store.FreePorts;
import io.dmon.proto.v1.AddGateRequest;
import io.dmon.proto.v1.AgentServiceGrpc;
import io.dmon.proto.v1.ClusterMember;
import io.dmon.proto.v1.ClusterRequest;
import io.dmon.proto.v1.EventsRequest;
import io.dmon.proto.v1.Gate;
import io.dmon.proto.v1.GateView;
import io.dmon.proto.v1.JobEvent;
import io.dmon.proto.v1.ListGatesRequest;
import io.dmon.proto.v1.OperatorServiceGrpc;
import io.dmon.proto.v1.Selector;
import io.dmon.wire.HostPort;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two coordinators, each evaluating: only the oldest decides, each transition is published once,
 * and when the oldest leaves the other takes over from the state it left in the store.
 */
class GateFailoverTest {
    private static final String CLUSTER = "dmon-gate-failover-" + ProcessHandle.current().pid();
    private final List<ManagedChannel> channels = new ArrayList<>();
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        channels.forEach(ManagedChannel::shutdownNow);
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    @Test
    void oneDecisionPerTransitionAndTheStateOutlivesTheEvaluator() throws Exception {
        int memberA = FreePorts.next();
        CoordinatorNode a = start(memberA, List.of());
        CoordinatorNode b = start(FreePorts.next(), List.of(new HostPort("127.0.0.1", memberA)));
        FakeAgent agent = new FakeAgent(AgentServiceGrpc.newStub(channelTo(b)));
        closing.add(0, agent);
        agent.registerAndAwaitAssignment("fo-db", Map.of());

        List<ClusterMember> members = Eventually.await("both members with b's agent", () -> operator(b)
                .cluster(ClusterRequest.getDefaultInstance()).getMembersList(), m -> m.size() == 2 && m.get(1).getAgents() == 1);
        assertThat(members).extracting(ClusterMember::getGrpcAddress).containsExactly(a.grpcAddress(), b.grpcAddress());
        assertThat(members).extracting(ClusterMember::getAnswering).containsExactly(false, true);
        assertThat(members).extracting(ClusterMember::getAgents).containsExactly(0, 1);
        assertThat(members.get(0).getHazelcastAddress()).isEqualTo("127.0.0.1:" + memberA);
        assertThat(members).allSatisfy(m -> assertThat(m.getStartedUnixMs()).isPositive());
        assertThat(operator(a).cluster(ClusterRequest.getDefaultInstance()).getMembersList())
                .extracting(ClusterMember::getAnswering).containsExactly(true, false);

        operator(b).addGate(AddGateRequest.newBuilder().setGate(Gate.newBuilder().setName("fo").setWatch(Gate.Watch.HOST)
                .setWatchHost("fo-db").setHigh(4).setSelector(Selector.newBuilder().setAll(true))).build());
        agent.heartbeat(6);
        awaitCount(b, JobEvent.Kind.GATE_CLOSED, 1);
        agent.heartbeat(1);
        awaitCount(b, JobEvent.Kind.GATE_OPENED, 1);
        assertThat(count(b, JobEvent.Kind.GATE_CLOSED)).isEqualTo(1);
        agent.heartbeat(6);
        awaitCount(b, JobEvent.Kind.GATE_CLOSED, 2);

        long closedAt = System.currentTimeMillis();
        a.close();
        Gate after = Eventually.await("the gate evaluated by b", () -> gate(b), g -> g.getEvaluatedUnixMs() > closedAt + 1000);
        assertThat(after.getClosed()).isTrue();
        assertThat(count(b, JobEvent.Kind.GATE_CLOSED)).isEqualTo(2);
        assertThat(operator(b).cluster(ClusterRequest.getDefaultInstance()).getMembersList())
                .extracting(ClusterMember::getGrpcAddress).containsExactly(b.grpcAddress());

        agent.heartbeat(1);
        awaitCount(b, JobEvent.Kind.GATE_OPENED, 2);
        assertThat(count(b, JobEvent.Kind.GATE_CLOSED)).isEqualTo(2);
    }

    private CoordinatorNode start(int memberPort, List<HostPort> peers) throws Exception {
        CoordinatorNode node = CoordinatorNode.start(CoordinatorConfig.builder()
                .listen(new HostPort("127.0.0.1", 0))
                .hazelcastPort(memberPort)
                .peers(peers)
                .clusterName(CLUSTER)
                .logCapacity(100)
                .build());
        closing.add(node);
        return node;
    }

    private Gate gate(CoordinatorNode node) {
        return operator(node).listGates(ListGatesRequest.getDefaultInstance()).getGatesList().stream()
                .map(GateView::getGate).filter(g -> g.getName().equals("fo")).findFirst().orElseThrow();
    }

    private void awaitCount(CoordinatorNode node, JobEvent.Kind kind, int count) {
        Eventually.await(count + " " + kind, () -> count(node, kind), c -> c >= count);
    }

    private long count(CoordinatorNode node, JobEvent.Kind kind) {
        List<JobEvent> events = new ArrayList<>();
        operator(node).events(EventsRequest.newBuilder().setRecent(1000).build()).forEachRemaining(events::add);
        return events.stream().filter(e -> e.getKind() == kind && e.getGate().equals("fo")).count();
    }

    private ManagedChannel channelTo(CoordinatorNode node) {
        ManagedChannel channel = Grpc.newChannelBuilder(node.grpcAddress(), InsecureChannelCredentials.create()).build();
        channels.add(channel);
        return channel;
    }

    private OperatorServiceGrpc.OperatorServiceBlockingStub operator(CoordinatorNode node) {
        return OperatorServiceGrpc.newBlockingStub(channelTo(node)).withDeadlineAfter(10, TimeUnit.SECONDS);
    }
}
