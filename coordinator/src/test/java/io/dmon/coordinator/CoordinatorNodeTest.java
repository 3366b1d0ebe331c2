package io.dmon.coordinator;

import io.dmon.wire.HostPort;
import static io.dmon.coordinator.Fixtures.lines;
import static io.dmon.coordinator.Fixtures.runOn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dmon.coordinator.store.FreePorts;
import io.dmon.proto.v1.AgentMessage;
import io.dmon.proto.v1.AgentServiceGrpc;
import io.dmon.proto.v1.CoordinatorMessage;
import io.dmon.proto.v1.EventBatch;
import io.dmon.proto.v1.EventsRequest;
import io.dmon.proto.v1.HostView;
import io.dmon.proto.v1.Job;
import io.dmon.proto.v1.JobEvent;
import io.dmon.proto.v1.JobState;
import io.dmon.proto.v1.ListHostsRequest;
import io.dmon.proto.v1.LogLine;
import io.dmon.proto.v1.LogsRequest;
import io.dmon.proto.v1.OperatorServiceGrpc;
import io.dmon.proto.v1.SignalRequest;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two coordinators on loopback, each a Hazelcast member and a Netty gRPC server: an agent talks
 * to one, an operator to the other, and neither notices.
 */
class CoordinatorNodeTest {
    private static final String CLUSTER = "dmon-node-test-" + ProcessHandle.current().pid();
    private static CoordinatorNode a;
    private static CoordinatorNode b;
    private static int memberPortA;
    private final List<ManagedChannel> channels = new ArrayList<>();

    @BeforeAll
    static void startCoordinators() throws IOException {
        memberPortA = FreePorts.next();
        a = CoordinatorNode.start(config(memberPortA, List.of()));
        b = CoordinatorNode.start(config(FreePorts.next(), List.of(new HostPort("127.0.0.1", memberPortA))));
    }

    @AfterAll
    static void stopCoordinators() {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
    }

    @AfterEach
    void closeChannels() {
        channels.forEach(ManagedChannel::shutdownNow);
    }

    static CoordinatorConfig config(int memberPort, List<HostPort> peers) {
        return CoordinatorConfig.builder()
                .listen(new HostPort("127.0.0.1", 0))
                .hazelcastPort(memberPort)
                .peers(peers)
                .clusterName(CLUSTER)
                .logCapacity(100)
                .build();
    }

    @Test
    void anAgentOnOneCoordinatorIsDrivenAndWatchedThroughTheOther() throws Exception {
        FakeAgent agent = new FakeAgent(AgentServiceGrpc.newStub(channelTo(a)));
        assertThat(agent.registerAndAwaitAssignment("crosshost", Map.of())).isEmpty();

        HostView host = Eventually.await("crosshost listed through B", () -> hostOn(b, "crosshost"), Optional::isPresent).orElseThrow();
        assertThat(host.getUp()).isTrue();
        assertThat(host.getCoordinator()).isEqualTo(a.grpcAddress());

        Job job = operator(b).run(runOn("crosshost", "sleep", "100")).getJobs(0);
        assertThat(agent.awaitMessage("the job run through B", CoordinatorMessage::hasChange).getChange().getJob()).isEqualTo(job);

        operator(b).signal(SignalRequest.newBuilder().setJobId(job.getId()).setSignal(10).build());
        CoordinatorMessage signal = agent.awaitMessage("the signal sent through B", CoordinatorMessage::hasSignal);
        assertThat(signal.getSignal().getSignal()).isEqualTo(10);

        Iterator<LogLine> follow = ChunkLines.of(OperatorServiceGrpc.newBlockingStub(channelTo(b))
                .withDeadlineAfter(30, TimeUnit.SECONDS)
                .logChunks(LogsRequest.newBuilder().addJobIds(job.getId()).setTail(-1).setFollow(true).build()));
        // Whether the call reaches B before or after the lines reach A, each comes exactly once:
        // from the history or from the follow.
        agent.logs(lines(job.getId(), 1, 2, 1000));
        assertThat(follow.next().getSeq()).isEqualTo(1);
        assertThat(follow.next().getSeq()).isEqualTo(2);

        agent.send(AgentMessage.newBuilder().setEvents(EventBatch.newBuilder().addEvents(JobEvent.newBuilder()
                .setJobId(job.getId()).setKind(JobEvent.Kind.START).setState(JobState.RUNNING).setPid(77)
                .setUnixMs(System.currentTimeMillis()))).build());
        Eventually.awaitTrue("the event seen through B", () -> {
            List<JobEvent> events = new ArrayList<>();
            operator(b).events(EventsRequest.newBuilder().setRecent(10).build()).forEachRemaining(events::add);
            return events.stream().anyMatch(e -> e.getJobId().equals(job.getId()) && e.getPid() == 77);
        });
        agent.close();
    }

    @Test
    void aSessionTakenOverThroughAnotherCoordinatorEndsAtItsNextHeartbeat() {
        FakeAgent old = new FakeAgent(AgentServiceGrpc.newStub(channelTo(a)));
        old.registerAndAwaitAssignment("moving", Map.of());
        FakeAgent moved = new FakeAgent(AgentServiceGrpc.newStub(channelTo(b)));
        moved.registerAndAwaitAssignment("moving", Map.of());

        old.heartbeat(0.1);
        Status status = old.awaitClosed();
        assertThat(status.getCode()).isEqualTo(Status.Code.ABORTED);
        assertThat(status.getDescription()).isEqualTo("host 'moving' is now held by coordinator " + b.grpcAddress());
        // The stale session's end leaves the host to its new holder.
        HostView host = hostOn(a, "moving").orElseThrow();
        assertThat(host.getCoordinator()).isEqualTo(b.grpcAddress());
        assertThat(host.getUp()).isTrue();
        moved.close();
    }

    @Test
    void healthIsServingOnTheBoundPort() {
        assertThat(a.grpcAddress()).startsWith("127.0.0.1:").doesNotEndWith(":0");
        ServingStatus status = HealthGrpc.newBlockingStub(channelTo(a)).withDeadlineAfter(10, TimeUnit.SECONDS)
                .check(HealthCheckRequest.newBuilder().setService("dmon.v1.OperatorService").build()).getStatus();
        assertThat(status).isEqualTo(ServingStatus.SERVING);
    }

    @Test
    void closingACoordinatorTakesTheHostsItHeldDown() throws Exception {
        CoordinatorNode c = CoordinatorNode.start(config(FreePorts.next(), List.of(new HostPort("127.0.0.1", memberPortA))));
        try {
            FakeAgent agent = new FakeAgent(AgentServiceGrpc.newStub(channelTo(c)));
            agent.registerAndAwaitAssignment("leaving", Map.of());
            Eventually.await("leaving UP through B", () -> hostOn(b, "leaving"), h -> h.map(HostView::getUp).orElse(false));
        } finally {
            c.close();
        }
        HostView gone = hostOn(b, "leaving").orElseThrow();
        assertThat(gone.getUp()).isFalse();
        assertThat(gone.getCoordinator()).isEmpty();
    }

    @Test
    void aTakenPortFailsTheStartInOneLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CoordinatorConfig config = CoordinatorConfig.builder()
                    .listen(new HostPort("127.0.0.1", taken.getLocalPort()))
                    .hazelcastPort(FreePorts.next())
                    .clusterName(CLUSTER + "-alone")
                    .build();
            assertThatThrownBy(() -> CoordinatorNode.start(config)).isInstanceOf(IOException.class)
                    .hasMessage("cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": Address already in use");

            CoordinatorConfig memberTaken = CoordinatorConfig.builder()
                    .listen(new HostPort("127.0.0.1", 0))
                    .hazelcastPort(taken.getLocalPort())
                    .clusterName(CLUSTER + "-alone")
                    .build();
            assertThatThrownBy(() -> CoordinatorNode.start(memberTaken)).isInstanceOf(IOException.class)
                    .hasMessage("hazelcast member on 127.0.0.1:" + taken.getLocalPort() + " did not start: Address already in use");
        }
    }

    private ManagedChannel channelTo(CoordinatorNode node) {
        ManagedChannel channel = Grpc.newChannelBuilder(node.grpcAddress(), InsecureChannelCredentials.create()).build();
        channels.add(channel);
        return channel;
    }

    private OperatorServiceGrpc.OperatorServiceBlockingStub operator(CoordinatorNode node) {
        return OperatorServiceGrpc.newBlockingStub(channelTo(node)).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    private Optional<HostView> hostOn(CoordinatorNode node, String name) {
        return operator(node).listHosts(ListHostsRequest.getDefaultInstance()).getHostsList().stream()
                .filter(h -> h.getName().equals(name)).findFirst();
    }
}
