package io.dmon.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.cli.Coordinators;
import io.dmon.cli.Coordinators.Result;
import io.dmon.cli.FakeCoordinator;
import io.dmon.cli.output.TinyJson;
import io.dmon.proto.v1.HostPressure;
import io.dmon.proto.v1.HostView;
import io.dmon.proto.v1.PressureAverages;
import io.dmon.proto.v1.ResourcePressure;
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
                        .setLastSeenUnixMs(NOW - 4_000).setVersion("0.1.0")
                        .setPressure(HostPressure.newBuilder()
                                .setCpu(ResourcePressure.newBuilder().setSome(averages(1.23, 2, 3)))
                                .setIo(ResourcePressure.newBuilder().setSome(averages(40, 20.5, 1))
                                        .setFull(averages(3, 2, 1)))
                                .setMemory(ResourcePressure.newBuilder().setSome(averages(0, 0, 0))
                                        .setFull(averages(0, 0, 0)))))
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
                + "NAME   STATE  LOAD1  JOBS  COORDINATOR    LAST-SEEN  LABELS             PSI\n"
                + "db1    DOWN   12.35  0     -              2h05m ago  -                  -\n"
                + "mail1  UP     0.50   3     10.0.0.1:7700  4s ago     role=mail,zone=eu  cpu 1.2 io 40.0 mem 0.0\n"
                + "new1   DOWN   0.00   0     -              -          -                  -\n");
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
        assertThat(hosts.get(0)).as("no PSI").containsEntry("pressure", null);
        assertThat(hosts.get(1).get("pressure")).isEqualTo(Map.of(
                "cpu", nullable("some", Map.of("avg10", 1.23, "avg60", 2.0, "avg300", 3.0), "full", null),
                "io", Map.of("some", Map.of("avg10", 40.0, "avg60", 20.5, "avg300", 1.0),
                        "full", Map.of("avg10", 3.0, "avg60", 2.0, "avg300", 1.0)),
                "memory", Map.of("some", Map.of("avg10", 0.0, "avg60", 0.0, "avg300", 0.0),
                        "full", Map.of("avg10", 0.0, "avg60", 0.0, "avg300", 0.0))));
    }

    @Test
    void aHostWithSomeResourcesOnlyShowsThoseAndNullsTheRest() {
        coordinator.listHosts = r -> ListHostsResponse.newBuilder()
                .addHosts(HostView.newBuilder().setName("c1").setUp(true).setLastSeenUnixMs(NOW - 1_000)
                        .setPressure(HostPressure.newBuilder().setIo(ResourcePressure.newBuilder()
                                .setSome(averages(99.999, 0, 0)))))
                .build();

        assertThat(coordinators.run("hosts").out()).contains("  io 100.0\n");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> hosts = (List<Map<String, Object>>) TinyJson.parse(coordinators.run("hosts", "--json").out());
        @SuppressWarnings("unchecked")
        Map<String, Object> pressure = (Map<String, Object>) hosts.get(0).get("pressure");
        assertThat(pressure).containsEntry("cpu", null).containsEntry("memory", null).containsKey("io");
    }

    private static PressureAverages averages(double avg10, double avg60, double avg300) {
        return PressureAverages.newBuilder().setAvg10(avg10).setAvg60(avg60).setAvg300(avg300).build();
    }

    /** A map that may hold null values (Map.of may not). */
    private static Map<String, Object> nullable(Object... keysAndValues) {
        Map<String, Object> m = new java.util.HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
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
