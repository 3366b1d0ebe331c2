package io.dmon.cli.command;

import static io.dmon.cli.Protos.exited;
import static io.dmon.cli.Protos.jobs;
import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.cli.Coordinators;
import io.dmon.cli.Coordinators.Result;
import io.dmon.cli.FakeCoordinator;
import io.dmon.cli.Terminal;
import io.dmon.cli.output.TinyJson;
import io.dmon.proto.v1.DesiredState;
import io.dmon.proto.v1.Hold;
import io.dmon.proto.v1.Job;
import io.dmon.proto.v1.JobSpec;
import io.dmon.proto.v1.JobState;
import io.dmon.proto.v1.JobStatus;
import io.dmon.proto.v1.JobView;
import io.dmon.proto.v1.ListJobsRequest;
import io.dmon.proto.v1.Pause;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PsCommandTest {
    private static final long NOW = Coordinators.NOW;

    private final Coordinators coordinators = new Coordinators();
    private FakeCoordinator coordinator;

    private final JobView rsync = JobView.newBuilder()
            .setJob(Job.newBuilder().setId("rsync@mail1").setName("rsync").setHost("mail1").setGeneration(1)
                    .setDesired(DesiredState.DESIRED_RUNNING).setCreatedUnixMs(NOW - 900_000)
                    .addTags("nightly")
                    .setSpec(JobSpec.newBuilder().addAllCommand(List.of("rsync", "-az", "/src dir", "/dst"))
                            .addAllLogCommand(List.of("dlog", "-t", "/var/log/rsync"))))
            .setStatus(JobStatus.newBuilder().setId("rsync@mail1").setHost("mail1").setState(JobState.RUNNING)
                    .setPid(4242).setRun(3).setRestarts(2).setRunStartedUnixMs(NOW - 192_000)
                    .setLastExitStatus(exited(1)).setGeneration(1))
            .build();
    private final JobView fresh = JobView.newBuilder()
            .setJob(Job.newBuilder().setId("web@a-host").setName("web").setHost("a-host").setGeneration(1)
                    .setSpec(JobSpec.newBuilder().addCommand("serve")))
            .build();

    @BeforeEach
    void start() {
        coordinator = coordinators.start("a");
        coordinator.listJobs = r -> jobs(rsync, fresh);
    }

    @AfterEach
    void stop() throws InterruptedException {
        coordinators.close();
    }

    @Test
    void tableSortedByHostWithUptimeAndUnknownStateBeforeAnyStatus() {
        Result r = coordinators.run("ps");

        assertThat(r.status()).isZero();
        assertThat(r.out()).isEqualTo(""
                + "JOB          HOST    STATE    PID   RESTARTS  UPTIME  WHY  COMMAND\n"
                + "web@a-host   a-host  UNKNOWN  -     0         -       -    serve\n"
                + "rsync@mail1  mail1   RUNNING  4242  2         3m12s   -    rsync -az '/src dir' /dst\n");
    }

    @Test
    void filtersGoToTheCoordinator() {
        coordinators.run("ps", "rsync@mail1", "x@y");
        coordinators.run("ps", "--host", "mail1", "--host", "db1", "--label", "role=web");
        Result mixed = coordinators.run("ps", "--host", "mail1", "rsync@mail1");

        ListJobsRequest byIds = coordinator.requests(ListJobsRequest.class).get(0);
        assertThat(byIds.getJobIdsList()).containsExactly("rsync@mail1", "x@y");
        ListJobsRequest bySelector = coordinator.requests(ListJobsRequest.class).get(1);
        assertThat(bySelector.getHost()).isEqualTo("mail1");
        assertThat(bySelector.getSelector().getHostsList()).containsExactly("mail1", "db1");
        assertThat(bySelector.getSelector().getLabelsMap()).containsEntry("role", "web");
        assertThat(mixed.status()).isEqualTo(2);
        assertThat(coordinator.requests(ListJobsRequest.class)).hasSize(2);
    }

    @Test
    void onATerminalLinesAreCutToItsWidth() {
        Result r = coordinators.run(List.of("a"), c -> c.terminal(Terminal.fixed(60)), "ps");

        assertThat(r.out().lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(60));
        assertThat(r.out()).isEqualTo(""
                + "JOB          HOST    STATE    PID   RESTARTS  UPTIME  WHY  C\n"
                + "web@a-host   a-host  UNKNOWN  -     0         -       -    s\n"
                + "rsync@mail1  mail1   RUNNING  4242  2         3m12s   -    r\n");
    }

    @Test
    void jsonHasEveryFieldAndParsesBack() {
        Result r = coordinators.run("ps", "--json");

        assertThat(r.status()).isZero();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> jobs = (List<Map<String, Object>>) TinyJson.parse(r.out());
        assertThat(jobs).hasSize(2);
        Map<String, Object> unknown = jobs.get(0);
        assertThat(unknown).containsEntry("id", "web@a-host").containsEntry("state", "UNKNOWN")
                .containsEntry("pid", 0.0).containsEntry("uptime_seconds", null)
                .containsEntry("last_exit_status", -1.0).containsEntry("exit_code", null)
                .containsEntry("tags", List.of()).containsEntry("command", List.of("serve"));
        Map<String, Object> running = jobs.get(1);
        assertThat(running)
                .containsEntry("id", "rsync@mail1")
                .containsEntry("name", "rsync")
                .containsEntry("host", "mail1")
                .containsEntry("state", "RUNNING")
                .containsEntry("desired", "RUNNING")
                .containsEntry("pid", 4242.0)
                .containsEntry("run", 3.0)
                .containsEntry("restarts", 2.0)
                .containsEntry("uptime_seconds", 192.0)
                .containsEntry("run_started_unix_ms", (double) (NOW - 192_000))
                .containsEntry("last_exit_status", 256.0)
                .containsEntry("exit_code", 1.0)
                .containsEntry("generation", 1.0)
                .containsEntry("created_unix_ms", (double) (NOW - 900_000))
                .containsEntry("tags", List.of("nightly"))
                .containsEntry("command", List.of("rsync", "-az", "/src dir", "/dst"))
                .containsEntry("log_command", List.of("dlog", "-t", "/var/log/rsync"))
                .containsEntry("holds", List.of())
                .containsEntry("pause", null)
                .containsEntry("gates", List.of())
                .containsEntry("refusal", null);
    }

    @Test
    void aRefusedJobSaysWhyInTheTableAndInJson() {
        String why = "the command would run as root (no -u, agent is root) and this agent was started without "
                + "--allow-root";
        JobView refused = JobView.newBuilder()
                .setJob(Job.newBuilder().setId("id@h1").setName("id").setHost("h1").setGeneration(1)
                        .setDesired(DesiredState.DESIRED_RUNNING).setSpec(JobSpec.newBuilder().addCommand("id")))
                .setStatus(JobStatus.newBuilder().setId("id@h1").setHost("h1").setState(JobState.REFUSED)
                        .setLastExitStatus(-1).setGeneration(1).setRefusal(why))
                .build();
        coordinator.listJobs = r -> jobs(refused);

        Result table = coordinators.run("ps");
        assertThat(table.out()).isEqualTo(""
                + "JOB    HOST  STATE    PID  RESTARTS  UPTIME  WHY" + " ".repeat("refused: ".length() + why.length() - 3) + "  COMMAND\n"
                + "id@h1  h1    REFUSED  -    0         -       refused: " + why + "  id\n");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> jobs = (List<Map<String, Object>>) TinyJson.parse(coordinators.run("ps", "--json").out());
        assertThat(jobs.get(0)).containsEntry("state", "REFUSED").containsEntry("refusal", why);
    }

    @Test
    void aJobOnADownHostIsUnknownWithItsLastStateAndSinceWhenInTheTableAndJson() {
        JobView stale = rsync.toBuilder().setHostDown(true).setHostLastSeenUnixMs(NOW - 30_000).build();
        coordinator.listJobs = r -> jobs(stale);

        Result table = coordinators.run("ps");
        Result json = coordinators.run("ps", "--json");

        assertThat(table.out()).isEqualTo(""
                + "JOB          HOST   STATE    PID  RESTARTS  UPTIME  WHY                                    COMMAND\n"
                + "rsync@mail1  mail1  UNKNOWN  -    2         -       host DOWN since 07:59:30, was RUNNING  "
                + "rsync -az '/src dir' /dst\n");
        @SuppressWarnings("unchecked")
        Map<String, Object> job = ((List<Map<String, Object>>) TinyJson.parse(json.out())).get(0);
        assertThat(job).containsEntry("state", "UNKNOWN").containsEntry("last_state", "RUNNING")
                .containsEntry("host_down", true).containsEntry("host_last_seen_unix_ms", (double) (NOW - 30_000))
                .containsEntry("uptime_seconds", null).containsEntry("pid", 4242.0);
        coordinator.listJobs = r -> jobs(rsync);
        @SuppressWarnings("unchecked")
        Map<String, Object> live = ((List<Map<String, Object>>) TinyJson.parse(coordinators.run("ps", "--json")
                .out())).get(0);
        assertThat(live).containsEntry("state", "RUNNING").containsEntry("last_state", "RUNNING")
                .containsEntry("host_down", false).containsEntry("host_last_seen_unix_ms", null);
    }

    private JobView held(String name, List<Hold> holds, Pause pause, String... gates) {
        Job.Builder job = rsync.getJob().toBuilder().setId(name + "@mail1").setName(name).addAllGates(List.of(gates));
        if (pause != null) {
            job.setPause(pause);
        }
        return rsync.toBuilder().setJob(job)
                .setStatus(rsync.getStatus().toBuilder().setId(name + "@mail1")
                        .setState(holds.isEmpty() ? JobState.RUNNING : JobState.PAUSED).addAllHolds(holds))
                .build();
    }

    private static Hold hold(String reason, long since, long until) {
        return Hold.newBuilder().setReason(reason).setSinceUnixMs(since).setUntilUnixMs(until).build();
    }

    @Test
    void whySaysWhatHoldsAJobSinceWhenAndUntilWhen() {
        Pause manual = Pause.newBuilder().setId("p1").setSinceUnixMs(NOW - 200_000).setLeaseMs(800_000)
                .setBy("alice@ops1").build();
        coordinator.listJobs = r -> jobs(
                held("a", List.of(hold("manual", NOW - 192_000, NOW + 605_000), hold("gate dbload", NOW - 45_000, 0)),
                        manual, "dbload"),
                withLoadHigh(held("b", List.of(hold("load", NOW - 3_000, 0)), null), 4.0, 2.0),
                withLoadHigh(held("l", List.of(hold("load", NOW - 3_000, 0)), null), 6.0, 3.0),
                held("c", List.of(hold("manual", NOW - 5_000, NOW + 2 * 86_400_000L)), manual),
                held("d", List.of(), manual, "dbload", "night"),
                held("e", List.of(), manual.toBuilder().setSinceUnixMs(NOW - 900_000).build(), "dbload"),
                held("f", List.of(), manual.toBuilder().setSinceUnixMs(NOW - 900_000).build()));

        coordinator.listHosts = r -> io.dmon.proto.v1.ListHostsResponse.newBuilder().addHosts(
                io.dmon.proto.v1.HostView.newBuilder().setName("mail1").setUp(true).setLoad1(5.2)).build();

        Result r = coordinators.run("ps");

        assertThat(r.status()).isZero();
        String command = "  rsync -az '/src dir' /dst\n";
        String longest = "manual pause since 07:56:48, 3m12s, until 08:10:05, gate dbload for 45s";
        String expected = "JOB      HOST   STATE    PID   RESTARTS  UPTIME  " + pad("WHY", longest) + "  COMMAND\n"
                + "a@mail1  mail1  PAUSED   4242  2         3m12s   " + longest + command
                + "b@mail1  mail1  PAUSED   4242  2         3m12s   " + pad("load 5.20 > 4.0 for 3s", longest) + command
                + "c@mail1  mail1  PAUSED   4242  2         3m12s   "
                + pad("manual pause since 07:59:55, 5s, until 2027-01-17 08:00", longest)
                + command
                + "d@mail1  mail1  RUNNING  4242  2         3m12s   " + pad("pending: manual, gate dbload, gate night", longest)
                + command
                + "e@mail1  mail1  RUNNING  4242  2         3m12s   " + pad("pending: gate dbload", longest) + command
                + "f@mail1  mail1  RUNNING  4242  2         3m12s   " + pad("-", longest) + command
                + "l@mail1  mail1  PAUSED   4242  2         3m12s   " + pad("load 5.20, not yet <= 3.0 for 3s", longest)
                + command;
        assertThat(r.out()).isEqualTo(expected);
    }

    @Test
    void whyGivesTheHostsPressureBesideAHoldByTheJobsOwnMark() {
        coordinator.listJobs = r -> jobs(
                withPressure(held("p", List.of(hold("pressure io.some.avg10", NOW - 8_000, 0)), null),
                        "io.some.avg10", 40.0, 20.0),
                withPressure(held("q", List.of(hold("pressure memory.full.avg60", NOW - 8_000, 0)), null),
                        "memory.full.avg60", 30.0, 15.0),
                withPressure(held("r", List.of(hold("pressure cpu.some.avg10", NOW - 8_000, 0)), null),
                        "cpu.some.avg10", 50.0, 25.0));
        io.dmon.proto.v1.PressureAverages ioLine = io.dmon.proto.v1.PressureAverages.newBuilder().setAvg10(52.4).build();
        io.dmon.proto.v1.PressureAverages memoryLine = io.dmon.proto.v1.PressureAverages.newBuilder().setAvg60(21.5).build();
        coordinator.listHosts = r -> io.dmon.proto.v1.ListHostsResponse.newBuilder().addHosts(
                io.dmon.proto.v1.HostView.newBuilder().setName("mail1").setUp(true).setLoad1(0.5)
                        .setPressure(io.dmon.proto.v1.HostPressure.newBuilder()
                                .setIo(io.dmon.proto.v1.ResourcePressure.newBuilder().setSome(ioLine))
                                .setMemory(io.dmon.proto.v1.ResourcePressure.newBuilder().setFull(memoryLine)))).build();

        Result r = coordinators.run("ps");

        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("pressure io.some.avg10 52.40 > 40.0 for 8s")
                .contains("pressure memory.full.avg60 21.50, not yet <= 15.0 for 8s")
                // The host sent no cpu line: the hold is named without a figure, never a made-up one.
                .contains("pressure cpu.some.avg10 for 8s");
    }

    private static JobView withPressure(JobView view, String metric, double high, double low) {
        return view.toBuilder().setJob(view.getJob().toBuilder().setSpec(view.getJob().getSpec().toBuilder()
                .addPressure(io.dmon.proto.v1.PressureMark.newBuilder().setMetric(metric).setHigh(high).setLow(low))))
                .build();
    }

    private static JobView withLoadHigh(JobView view, double high, double low) {
        return view.toBuilder().setJob(view.getJob().toBuilder().setSpec(view.getJob().getSpec().toBuilder()
                .setLoadHigh(high).setLoadLow(low))).build();
    }

    @Test
    void aJobHeldBeforeItsRunIsWaitingNotPaused() {
        JobView held = held("w", List.of(hold("gate dbload", NOW - 45_000, 0)), null, "dbload");
        JobView waiting = held.toBuilder().setStatus(held.getStatus().toBuilder().setPid(0).setRunStartedUnixMs(0)
                .setRun(0)).build();
        coordinator.listJobs = r -> jobs(waiting);

        Result r = coordinators.run("ps");

        assertThat(r.out()).contains("w@mail1  mail1  WAITING  -    2         -       gate dbload for 45s");
        assertThat(coordinators.run("ps", "--json").out()).contains("\"state\":\"WAITING\"");
    }

    private static String pad(String text, String longest) {
        return text + " ".repeat(longest.length() - text.length());
    }

    @Test
    void jsonCarriesHoldsPauseAndGates() {
        Pause manual = Pause.newBuilder().setId("p1").setSinceUnixMs(NOW - 200_000).setLeaseMs(600_000)
                .setBy("alice@ops1").build();
        coordinator.listJobs = r -> jobs(held("a",
                List.of(hold("manual", NOW - 192_000, NOW + 408_000), hold("gate dbload", NOW - 45_000, 0)),
                manual, "dbload"));

        Result r = coordinators.run("ps", "--json");

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> jobs = (List<Map<String, Object>>) TinyJson.parse(r.out());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> holds = (List<Map<String, Object>>) jobs.get(0).get("holds");
        assertThat(holds).hasSize(2);
        assertThat(holds.get(0)).containsExactlyInAnyOrderEntriesOf(Map.of("reason", "manual",
                "since_unix_ms", (double) (NOW - 192_000), "until_unix_ms", (double) (NOW + 408_000)));
        assertThat(holds.get(1)).hasSize(3).containsEntry("reason", "gate dbload")
                .containsEntry("since_unix_ms", (double) (NOW - 45_000)).containsEntry("until_unix_ms", null);
        assertThat(jobs.get(0))
                .containsEntry("state", "PAUSED")
                .containsEntry("pause", Map.of("id", "p1", "since_unix_ms", (double) (NOW - 200_000),
                        "lease_ms", 600_000.0, "by", "alice@ops1"))
                .containsEntry("gates", List.of("dbload"));
    }

    @Test
    void jsonOfNoJobsIsAnEmptyArray() {
        coordinator.listJobs = r -> jobs();

        assertThat(coordinators.run("ps", "--json").out()).isEqualTo("[]\n");
        assertThat(coordinators.run("ps").out()).isEqualTo("JOB  HOST  STATE  PID  RESTARTS  UPTIME  WHY  COMMAND\n");
    }

    @Test
    void jsonEscapesWhatJobsAreCalled() {
        JobView odd = fresh.toBuilder().setJob(fresh.getJob().toBuilder()
                .setSpec(JobSpec.newBuilder().addCommand("sh").addCommand("-c").addCommand("echo \"a\\b\"\n\t\u0001é"))).build();
        coordinator.listJobs = r -> jobs(odd);

        String out = coordinators.run("ps", "--json").out();

        assertThat(out).contains("\"echo \\\"a\\\\b\\\"\\n\\t\\u0001é\"");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> jobs = (List<Map<String, Object>>) TinyJson.parse(out);
        assertThat(jobs.get(0).get("command")).isEqualTo(List.of("sh", "-c", "echo \"a\\b\"\n\t\u0001é"));
    }
}
