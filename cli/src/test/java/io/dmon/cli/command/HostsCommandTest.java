package io.dmon.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.cli.Coordinators;
import io.dmon.cli.Coordinators.Result;
import io.dmon.cli.FakeCoordinator;
import io.dmon.cli.output.TinyJson;
import io.dmon.proto.v1.HostView;
import io.dmon.proto.v1.ListHostsResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HostsCommandTest {
    private static final long NOW = Coordinators.NOW;

    private final Coordinators coordinators = new Coordinators();
    private FakeCoordinator coordinator;

    @BeforeEach
    void start() {
        coordinator = coordinators.start("a");
        coordinator.listHosts = r -> ListHostsResponse.newBuilder()
                .addHosts(HostView.newBuilder().setName("mail1").setUp(true).setLoad1(0.5).setJobs(3)
                        .putLabels("zone", "eu").putLabels("role", "mail").setCoordinator("10.0.0.1:7700")
                        .setLastSeenUnixMs(NOW - 4_000).setVersion("0.1.0"))
                .addHosts(HostView.newBuilder().setName("db1").setUp(false).setLoad1(12.345)
                        .setLastSeenUnixMs(NOW - 7_500_000).setVersion("0.1.0"))
                .addHosts(HostView.newBuilder().setName("new1"))
                .build();
    }

    @AfterEach
    void stop() throws InterruptedException {
        coordinators.close();
    }

    @Test
    void tableSortedByName() {
        Result r = coordinators.run("hosts");

        assertThat(r.status()).isZero();
        assertThat(r.out()).isEqualTo(""
                + "NAME   STATE  LOAD1  JOBS  COORDINATOR    LAST-SEEN  LABELS\n"
                + "db1    DOWN   12.35  0     -              2h05m ago  -\n"
                + "mail1  UP     0.50   3     10.0.0.1:7700  4s ago     role=mail,zone=eu\n"
                + "new1   DOWN   0.00   0     -              -          -\n");
    }

    @Test
    void json() {
        Result r = coordinators.run("hosts", "--json");

        assertThat(r.status()).isZero();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> hosts = (List<Map<String, Object>>) TinyJson.parse(r.out());
        assertThat(hosts).extracting(h -> h.get("name")).containsExactly("db1", "mail1", "new1");
        assertThat(hosts.get(1))
                .containsEntry("state", "UP")
                .containsEntry("load1", 0.5)
                .containsEntry("jobs", 3.0)
                .containsEntry("coordinator", "10.0.0.1:7700")
                .containsEntry("labels", Map.of("role", "mail", "zone", "eu"))
                .containsEntry("last_seen", "2027-01-15T07:59:56Z")
                .containsEntry("last_seen_unix_ms", (double) (NOW - 4_000))
                .containsEntry("version", "0.1.0");
        assertThat(hosts.get(0)).containsEntry("state", "DOWN").containsEntry("load1", 12.345)
                .containsEntry("labels", Map.of());
        assertThat(hosts.get(2)).containsEntry("last_seen", null).containsEntry("last_seen_unix_ms", 0.0);
    }

    @Test
    void aHostsConditionIsANoteAfterTheTableAndAFieldOfTheJson() {
        coordinator.listHosts = r -> ListHostsResponse.newBuilder()
                .addHosts(HostView.newBuilder().setName("mail1").setUp(true).setLastSeenUnixMs(NOW - 1_000)
                        .setCondition("log spool: job web@mail1: No space left on device"))
                .build();

        Result table = coordinators.run("hosts");
        Result json = coordinators.run("hosts", "--json");

        assertThat(table.out()).endsWith("\nnote: mail1: log spool: job web@mail1: No space left on device\n");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> hosts = (List<Map<String, Object>>) TinyJson.parse(json.out());
        assertThat(hosts.get(0)).containsEntry("condition", "log spool: job web@mail1: No space left on device");
    }
}
