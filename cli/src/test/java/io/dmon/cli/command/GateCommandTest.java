package io.dmon.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.cli.Coordinators;
import io.dmon.cli.Coordinators.Result;
import io.dmon.cli.FakeCoordinator;
import io.dmon.cli.Terminal;
import io.dmon.cli.output.TinyJson;
import io.dmon.proto.v1.AddGateRequest;
import io.dmon.proto.v1.Gate;
import io.dmon.proto.v1.GateView;
import io.dmon.proto.v1.ListGatesResponse;
import io.dmon.proto.v1.RemoveGateRequest;
import io.dmon.proto.v1.Selector;
import io.grpc.Status;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** gate add, ls and rm: the gate sent, the table, and every bad input. */
class GateCommandTest {
    private static final long NOW = Coordinators.NOW;

    private final Coordinators coordinators = new Coordinators();
    private FakeCoordinator coordinator;

    private final Gate dbload = Gate.newBuilder().setName("dbload").setWatch(Gate.Watch.HOST).setWatchHost("db1")
            .setHigh(4).setLow(2).setSelector(Selector.newBuilder().setTag("batch"))
            .setCreatedBy("alice@ops1").setCreatedUnixMs(NOW - 3_600_000)
            .setClosed(true).setChangedUnixMs(NOW - 192_000).setValue(6.2).setEvaluatedUnixMs(NOW - 300)
            .build();
    private final Gate fleet = Gate.newBuilder().setName("fleet").setWatch(Gate.Watch.MAX)
            .putWatchLabels("role", "db").putWatchLabels("dc", "x").setMetric("io.some.avg10").setHigh(8)
            .setSelector(Selector.newBuilder().setAll(true))
            .setChangedUnixMs(NOW - 3_600_000).setValue(0).setEvaluatedUnixMs(NOW - 100)
            .setNote("no UP host watched")
            .build();
    private final Gate fresh = Gate.newBuilder().setName("new").setWatch(Gate.Watch.AVG).setHigh(3).setLow(0)
            .setSelector(Selector.newBuilder().addJobIds("web@h1")).build();

    @BeforeEach
    void start() {
        coordinator = coordinators.start("a");
        coordinator.listGates = r -> ListGatesResponse.newBuilder()
                .addGates(GateView.newBuilder().setGate(fresh))
                .addGates(GateView.newBuilder().setGate(dbload).setJobsHeld(3))
                .addGates(GateView.newBuilder().setGate(fleet))
                .build();
        coordinator.removeGate = r -> GateView.newBuilder().setGate(dbload).setJobsHeld(3).build();
    }

    @AfterEach
    void stop() {
        coordinators.close();
    }

    private Result run(String... args) {
        return coordinators.run(List.of("a"), c -> c.env(Map.of("USER", "alice")).hostName("ops1"), args);
    }

    @Test
    void addWatchingAHostSendsTheGateAsTyped() {
        Result r = run("gate", "add", "dbload", "--watch", "db1", "--high", "4", "--tag", "batch");

        assertThat(r.status()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo("added gate dbload: watch db1 load1, high 4.00, low 2.00 (OPEN, 0 jobs held)\n");
        AddGateRequest request = coordinator.requests(AddGateRequest.class).get(0);
        assertThat(request.getBy()).isEqualTo("alice@ops1");
        Gate gate = request.getGate();
        assertThat(gate.getName()).isEqualTo("dbload");
        assertThat(gate.getWatch()).isEqualTo(Gate.Watch.HOST);
        assertThat(gate.getWatchHost()).isEqualTo("db1");
        assertThat(gate.getWatchLabelsMap()).isEmpty();
        assertThat(gate.getHigh()).isEqualTo(4.0);
        assertThat(gate.hasLow()).as("absent: the coordinator's default, high/2").isFalse();
        assertThat(gate.getMetric()).as("absent: the coordinator's default, load1").isEmpty();
        assertThat(gate.getSelector()).isEqualTo(Selector.newBuilder().setTag("batch").build());
    }

    @Test
    void addWatchingTheFleetMaxWithLabelsAndAnExplicitLowOfZero() {
        Result r = run("gate", "add", "fleet", "--watch", "MAX", "--watch-label", "role=db,dc=x", "--high", "8.5",
                "--low", "0", "--all");

        assertThat(r.status()).isZero();
        assertThat(r.out()).isEqualTo("added gate fleet: watch max:dc=x,role=db load1, high 8.50, low 0.00 (OPEN, 0 jobs held)\n");
        Gate gate = coordinator.requests(AddGateRequest.class).get(0).getGate();
        assertThat(gate.getWatch()).isEqualTo(Gate.Watch.MAX);
        assertThat(gate.getWatchHost()).isEmpty();
        assertThat(gate.getWatchLabelsMap()).isEqualTo(Map.of("role", "db", "dc", "x"));
        assertThat(gate.getHigh()).isEqualTo(8.5);
        assertThat(gate.hasLow()).isTrue();
        assertThat(gate.getLow()).isZero();
        assertThat(gate.getSelector()).isEqualTo(Selector.newBuilder().setAll(true).build());
    }

    @Test
    void addAvgWithJobIdsAfterTheName() {
        Result r = run("gate", "add", "new", "web@h1", "--watch", "avg", "--high", "3", "db@h2", "--low", "1.5");

        assertThat(r.status()).isZero();
        Gate gate = coordinator.requests(AddGateRequest.class).get(0).getGate();
        assertThat(gate.getName()).isEqualTo("new");
        assertThat(gate.getWatch()).isEqualTo(Gate.Watch.AVG);
        assertThat(gate.getLow()).isEqualTo(1.5);
        assertThat(gate.getSelector().getJobIdsList()).containsExactly("web@h1", "db@h2");
    }

    @Test
    void aMetricIsSentByItsFullName() {
        for (String[] c : new String[][] {
            {"io", "io.some.avg10"}, {"io.full", "io.full.avg10"}, {"memory.avg300", "memory.some.avg300"},
            {"cpu.full.avg60", "cpu.full.avg60"}, {"load1", "load1"}, {" io ", "io.some.avg10"},
        }) {
            Result r = run("gate", "add", "g", "--watch", "db1", "--metric", c[0], "--high", "40", "--all");
            assertThat(r.status()).as(c[0]).isZero();
            assertThat(coordinator.requests(AddGateRequest.class)).last().satisfies(
                    req -> assertThat(req.getGate().getMetric()).as(c[0]).isEqualTo(c[1]));
        }
        Result r = run("gate", "add", "g", "--watch", "db1", "--metric", "io", "--high", "40", "--all");
        assertThat(r.out()).isEqualTo("added gate g: watch db1 io.some.avg10, high 40.00, low 20.00 (OPEN, 0 jobs held)\n");
    }

    @Test
    void aTakenNameIsAConflictAndAnUnknownHostAUsageError() {
        coordinator.addGate = r -> {
            throw FakeCoordinator.fail(Status.ALREADY_EXISTS.withDescription("gate dbload already exists"));
        };
        Result taken = run("gate", "add", "dbload", "--watch", "db1", "--high", "4", "--all");
        coordinator.addGate = r -> {
            throw FakeCoordinator.fail(Status.INVALID_ARGUMENT.withDescription("unknown host 'db9'"));
        };
        Result unknown = run("gate", "add", "dbload", "--watch", "db9", "--high", "4", "--all");

        assertThat(taken.status()).isEqualTo(5);
        assertThat(taken.err()).isEqualTo("dmonctl: gate dbload already exists\n");
        assertThat(taken.out()).isEmpty();
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err()).isEqualTo("dmonctl: unknown host 'db9'\n");
    }

    @Test
    void badGatesAreOneLineAndSendNothing() {
        String[][] cases = {
            {"--high", "abc", "--high: 'abc' is not a number"},
            {"--high", "", "--high: '' is not a number"},
            {"--high", "4d", "--high: '4d' is not a number"},
            {"--high", "0x10", "--high: '0x10' is not a number"},
            {"--high", "4,5", "--high: '4,5' is not a number"},
            {"--high", "NaN", "--high: 'NaN' is not a finite number"},
            {"--high", "inf", "--high: 'inf' is not a finite number"},
            {"--high", "-Infinity", "--high: '-Infinity' is not a finite number"},
            {"--high", "1e999", "--high: '1e999' is not a finite number"},
            {"--high", "-1", "--high must be more than 0 (got -1)"},
            {"--high", "0", "--high must be more than 0 (got 0)"},
            {"--high=-0.5", null, "--high must be more than 0 (got -0.5)"},
            {"--low", "x", "--low: 'x' is not a number"},
            {"--low", "nan", "--low: 'nan' is not a finite number"},
            {"--low", "-1", "--low must not be negative (got -1)"},
            {"--low", "5", "--low 5 is above --high 4"},
            {"--low", "4.01", "--low 4.01 is above --high 4"},
        };
        for (String[] c : cases) {
            List<String> args = new java.util.ArrayList<>(List.of("gate", "add", "g1", "--watch", "db1", "--all"));
            boolean high = c[0].startsWith("--high");
            if (!high) {
                args.addAll(List.of("--high", "4"));
            }
            args.add(c[0]);
            if (c[1] != null) {
                args.add(c[1]);
            }
            expectUsage(c[2], args.toArray(new String[0]));
        }
        expectUsage("gate name 'a b': 1 to 64 letters, digits, '.', '_' or '-'",
                "gate", "add", "a b", "--watch", "db1", "--high", "4", "--all");
        expectUsage("gate name '" + "g".repeat(65) + "': 1 to 64 letters, digits, '.', '_' or '-'",
                "gate", "add", "g".repeat(65), "--watch", "db1", "--high", "4", "--all");
        expectUsage("--watch-label goes only with --watch max or avg (not a host: db1)",
                "gate", "add", "g1", "--watch", "db1", "--watch-label", "role=db", "--high", "4", "--all");
        expectUsage("--watch-label: 'role' is not KEY=VALUE",
                "gate", "add", "g1", "--watch", "avg", "--watch-label", "role", "--high", "4", "--all");
        expectUsage("--watch: empty; give a host name, max or avg",
                "gate", "add", "g1", "--watch", " ", "--high", "4", "--all");
        expectUsage("empty selector: give job ids, --host, --tag, --label or --all",
                "gate", "add", "g1", "--watch", "db1", "--high", "4");
        expectUsage("job ids go alone: not with --all (got web@h1)",
                "gate", "add", "g1", "web@h1", "--watch", "db1", "--high", "4", "--all");
        expectUsage("--label: 'x' is not KEY=VALUE",
                "gate", "add", "g1", "--watch", "db1", "--high", "4", "--label", "x");
        expectUsage("--metric: unknown metric 'load5' (load1, or cpu|io|memory[.some|full][.avg10|avg60|avg300])",
                "gate", "add", "g1", "--watch", "db1", "--metric", "load5", "--high", "4", "--all");
        expectUsage("--metric: unknown metric 'io:some' (load1, or cpu|io|memory[.some|full][.avg10|avg60|avg300])",
                "gate", "add", "g1", "--watch", "db1", "--metric", "io:some", "--high", "4", "--all");
        expectUsage("--metric: in 'io.avg10.some', 'some' must come before the window"
                + " (cpu|io|memory[.some|full][.avg10|avg60|avg300])",
                "gate", "add", "g1", "--watch", "db1", "--metric", "io.avg10.some", "--high", "4", "--all");
        assertThat(coordinator.requests).isEmpty();
    }

    @Test
    void missingRequiredOptionsArePicocliUsageErrors() {
        for (String[] args : new String[][] {
            {"gate", "add", "g1", "--high", "4", "--all"},
            {"gate", "add", "g1", "--watch", "db1", "--all"},
            {"gate", "add", "--watch", "db1", "--high", "4"},
            {"gate", "rm"},
            {"gate", "frob"},
        }) {
            Result r = run(args);
            assertThat(r.status()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err()).as(String.join(" ", args)).startsWith("dmonctl: ").hasLineCount(1);
        }
        assertThat(coordinator.requests).isEmpty();
    }

    @Test
    void gateAloneNeedsASubcommand() {
        Result r = run("gate");

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("dmonctl: gate needs a subcommand: add, ls or rm (see 'dmonctl gate --help')\n");
    }

    @Test
    void lsTableSortedByName() {
        Result r = run("gate", "ls");

        assertThat(r.status()).isZero();
        assertThat(r.out()).isEqualTo(""
                + "NAME    WATCH             METRIC         VALUE  STATE   HELD  SINCE  NOTE\n"
                + "dbload  db1               load1          6.20   CLOSED  3     3m12s  -\n"
                + "fleet   max:dc=x,role=db  io.some.avg10  0.00   OPEN    0     1h00m  no UP host watched\n"
                + "new     avg               load1          -      OPEN    0     -      -\n");
    }

    @Test
    void lsOnATerminalIsCutToItsWidth() {
        Result r = coordinators.run(List.of("a"), c -> c.terminal(Terminal.fixed(50)), "gate", "ls");

        assertThat(r.out().lines()).hasSize(4).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(50));
    }

    @Test
    void lsOfNoGates() {
        coordinator.listGates = r -> ListGatesResponse.getDefaultInstance();

        assertThat(run("gate", "ls").out()).isEqualTo("NAME  WATCH  METRIC  VALUE  STATE  HELD  SINCE  NOTE\n");
        assertThat(run("gate", "ls", "--json").out()).isEqualTo("[]\n");
    }

    @Test
    void lsJsonHasEveryField() {
        Result r = run("gate", "ls", "--json");

        assertThat(r.status()).isZero();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> gates = (List<Map<String, Object>>) TinyJson.parse(r.out());
        assertThat(gates).extracting(g -> g.get("name")).containsExactly("dbload", "fleet", "new");
        assertThat(gates.get(0))
                .containsEntry("watch", "host")
                .containsEntry("watch_host", "db1")
                .containsEntry("watch_labels", Map.of())
                .containsEntry("metric", "load1")
                .containsEntry("high", 4.0)
                .containsEntry("low", 2.0)
                .containsEntry("selector", Map.of("job_ids", List.of(), "host", "", "tag", "batch", "labels", Map.of(),
                        "all", false))
                .containsEntry("state", "CLOSED")
                .containsEntry("value", 6.2)
                .containsEntry("evaluated_unix_ms", (double) (NOW - 300))
                .containsEntry("changed_unix_ms", (double) (NOW - 192_000))
                .containsEntry("jobs_held", 3.0)
                .containsEntry("note", "")
                .containsEntry("created_by", "alice@ops1")
                .containsEntry("created_unix_ms", (double) (NOW - 3_600_000));
        assertThat(gates.get(1)).containsEntry("watch", "max").containsEntry("watch_labels", Map.of("role", "db", "dc", "x"))
                .containsEntry("low", 4.0).containsEntry("note", "no UP host watched")
                .containsEntry("metric", "io.some.avg10");
        assertThat(gates.get(2)).containsEntry("watch", "avg").containsEntry("value", null).containsEntry("low", 0.0);
    }

    @Test
    void rmSendsTheNameAndWhoAsked() {
        Result r = run("gate", "rm", "dbload");

        assertThat(r.status()).isZero();
        assertThat(r.out()).isEqualTo("removed gate dbload (3 jobs held until now)\n");
        RemoveGateRequest request = coordinator.requests(RemoveGateRequest.class).get(0);
        assertThat(request.getName()).isEqualTo("dbload");
        assertThat(request.getBy()).isEqualTo("alice@ops1");
    }

    @Test
    void rmOfAnUnknownGateIsNotFound() {
        coordinator.removeGate = r -> {
            throw FakeCoordinator.fail(Status.NOT_FOUND.withDescription("no gate nope"));
        };

        Result r = run("gate", "rm", "nope");

        assertThat(r.status()).isEqualTo(3);
        assertThat(r.err()).isEqualTo("dmonctl: no gate nope\n");
    }

    private void expectUsage(String message, String... args) {
        Result r = run(args);
        assertThat(r.status()).as(String.join(" ", args)).isEqualTo(2);
        assertThat(r.err()).as(String.join(" ", args)).isEqualTo("dmonctl: " + message + "\n");
        assertThat(r.out()).isEmpty();
    }
}
