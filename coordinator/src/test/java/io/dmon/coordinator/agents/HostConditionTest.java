package io.dmon.coordinator.agents;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.coordinator.Eventually;
import io.dmon.coordinator.FakeAgent;
import io.dmon.coordinator.ServiceHarness;
import io.dmon.coordinator.store.FleetStore;
import io.dmon.proto.v1.AgentMessage;
import io.dmon.proto.v1.EventBatch;
import io.dmon.proto.v1.EventsRequest;
import io.dmon.proto.v1.Heartbeat;
import io.dmon.proto.v1.HostView;
import io.dmon.proto.v1.JobEvent;
import io.dmon.proto.v1.ListHostsRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** An agent's disk condition: in its heartbeats, onto its host view at once; its changes as host events. */
class HostConditionTest {
    private static FleetStore store;

    @BeforeAll
    static void startStore() throws Exception {
        store = ServiceHarness.singleMember("dmon-condition");
    }

    @AfterAll
    static void stopStore() {
        store.close();
    }

    @Test
    void theConditionIsShownUntilTheAgentReportsItGoneAndItsChangesAreEvents() throws Exception {
        try (ServiceHarness coordinator = new ServiceHarness(store, "coordinator-c")) {
            FakeAgent agent = coordinator.agent();
            agent.registerAndAwaitAssignment("disk1", Map.of());
            agent.send(heartbeat("log spool: job a@disk1: No space left on device"));
            Eventually.awaitTrue("the condition shown", () -> condition(coordinator).equals("log spool: job a@disk1: No space left on device"));
            agent.send(AgentMessage.newBuilder().setEvents(EventBatch.newBuilder().addEvents(JobEvent.newBuilder()
                    .setKind(JobEvent.Kind.STORAGE_FAILED).setCause("y".repeat(5000)).setUnixMs(1))).build());
            agent.send(heartbeat("x".repeat(10_000)));
            Eventually.awaitTrue("a huge condition cut", () -> condition(coordinator).length() == AgentReports.MAX_CONDITION);
            agent.send(heartbeat(""));
            Eventually.awaitTrue("the condition cleared", () -> condition(coordinator).isEmpty());

            List<JobEvent> events = new ArrayList<>();
            coordinator.operator().events(EventsRequest.newBuilder().setRecent(1000).build()).forEachRemaining(events::add);
            assertThat(events).anySatisfy(e -> {
                assertThat(e.getKind()).isEqualTo(JobEvent.Kind.STORAGE_FAILED);
                assertThat(e.getHost()).isEqualTo("disk1");
                assertThat(e.getCause()).hasSize(AgentReports.MAX_CONDITION);
            });
            agent.close();
        }
    }

    private static AgentMessage heartbeat(String condition) {
        return AgentMessage.newBuilder().setHeartbeat(Heartbeat.newBuilder().setLoad1(0.5).setCondition(condition)).build();
    }

    private static String condition(ServiceHarness coordinator) {
        return coordinator.operator().listHosts(ListHostsRequest.getDefaultInstance()).getHostsList().stream()
                .filter(h -> h.getName().equals("disk1")).map(HostView::getCondition).findFirst().orElse("?");
    }
}
