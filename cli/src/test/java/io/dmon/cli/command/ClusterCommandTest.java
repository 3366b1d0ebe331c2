package io.dmon.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.cli.Coordinators;
import io.dmon.cli.Coordinators.Result;
import io.dmon.cli.FakeCoordinator;
import io.dmon.cli.output.TinyJson;
import io.dmon.proto.v1.ClusterMember;
import io.dmon.proto.v1.ClusterRequest;
import io.dmon.proto.v1.ClusterResponse;
import io.grpc.Status;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClusterCommandTest {
    private static final long NOW = Coordinators.NOW;

    private final Coordinators coordinators = new Coordinators();
    private FakeCoordinator coordinator;

    @BeforeEach
    void start() {
        coordinator = coordinators.start("a");
        coordinator.cluster = r -> ClusterResponse.newBuilder()
                .addMembers(ClusterMember.newBuilder().setHazelcastAddress("10.0.0.1:5701").setGrpcAddress("10.0.0.1:7700")
                        .setStartedUnixMs(NOW - 2 * 86_400_000L - 3_600_000).setAgents(12))
                .addMembers(ClusterMember.newBuilder().setHazelcastAddress("10.0.0.2:5701").setGrpcAddress("10.0.0.2:7700")
                        .setStartedUnixMs(NOW - 192_000).setAgents(3).setAnswering(true))
                .addMembers(ClusterMember.newBuilder().setHazelcastAddress("10.0.0.3:5701"))
                .build();
    }

    @AfterEach
    void stop() {
        coordinators.close();
    }

    @Test
    void tableInMemberOrderMarksTheOneThatAnswered() {
        Result r = coordinators.run("cluster");

        assertThat(r.status()).isZero();
        assertThat(r.out()).isEqualTo(""
                + "   ADDRESS        GRPC           UPTIME  AGENTS\n"
                + "   10.0.0.1:5701  10.0.0.1:7700  2d01h   12\n"
                + "*  10.0.0.2:5701  10.0.0.2:7700  3m12s   3\n"
                + "   10.0.0.3:5701  -              -       0\n");
        assertThat(coordinator.requests(ClusterRequest.class)).hasSize(1);
    }

    @Test
    void json() {
        Result r = coordinators.run("cluster", "--json");

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> members = (List<Map<String, Object>>) TinyJson.parse(r.out());
        assertThat(members).hasSize(3);
        assertThat(members.get(1)).containsEntry("address", "10.0.0.2:5701")
                .containsEntry("grpc_address", "10.0.0.2:7700")
                .containsEntry("started_unix_ms", (double) (NOW - 192_000))
                .containsEntry("uptime_seconds", 192.0)
                .containsEntry("agents", 3.0)
                .containsEntry("answering", true);
        assertThat(members.get(2)).containsEntry("uptime_seconds", null).containsEntry("answering", false);
    }

    @Test
    void aFailureIsOneLine() {
        coordinator.cluster = r -> {
            throw FakeCoordinator.fail(Status.UNIMPLEMENTED.withDescription("Method not found: Cluster"));
        };

        Result r = coordinators.run("cluster");

        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).startsWith("dmonctl: coordinator ").contains("unimplemented").hasLineCount(1);
    }
}
