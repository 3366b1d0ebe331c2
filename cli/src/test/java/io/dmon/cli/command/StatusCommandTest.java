package io.dmon.cli.command;

import static io.dmon.cli.Protos.exited;
import static io.dmon.cli.Protos.line;
import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.cli.Coordinators;
import io.dmon.cli.Coordinators.Result;
import io.dmon.cli.FakeCoordinator;
import io.dmon.cli.FakeCoordinator.Script;
import io.dmon.cli.output.TinyJson;
import io.dmon.proto.v1.DesiredState;
import io.dmon.proto.v1.EventsRequest;
import io.dmon.proto.v1.Job;
import io.dmon.proto.v1.JobEvent;
import io.dmon.proto.v1.JobSpec;
import io.dmon.proto.v1.JobState;
import io.dmon.proto.v1.JobStatus;
import io.dmon.proto.v1.JobView;
import io.dmon.proto.v1.ListJobsResponse;
import io.dmon.proto.v1.LogsRequest;
import io.dmon.proto.v1.UserSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code dmonctl status JOB} and {@code ps -o wide}. */
class StatusCommandTest {
    private static final long NOW = Coordinators.NOW;

    private final Coordinators coordinators = new Coordinators();
    private FakeCoordinator coordinator;

    private final JobView rsync = JobView.newBuilder()
            .setJob(Job.newBuilder().setId("rsync@mail1").setName("rsync").setHost("mail1").setGeneration(1)
                    .setDesired(DesiredState.DESIRED_RUNNING).addTags("nightly")
                    .setSpec(JobSpec.newBuilder().addAllCommand(List.of("rsync", "-a", "/src", "/dst"))
                            .setOnce(true).setLoadHigh(4.0).setLoadLow(2.0).setTimeoutSeconds(3600).setMaxRespawns(-1)
                            .setCmdUser(UserSpec.newBuilder().setUser("backup"))))
            .setStatus(JobStatus.newBuilder().setId("rsync@mail1").setState(JobState.RUNNING).setPid(4243).setRun(2)
                    .setRestarts(1).setRunStartedUnixMs(NOW - 10_000).setLastExitStatus(exited(23)).setGeneration(1))
            .build();

    @BeforeEach
    void start() {
        coordinator = coordinators.start("a");
        coordinator.listJobs = r -> ListJobsResponse.newBuilder().addJobs(rsync).build();
        coordinator.events = r -> Script.ending(List.of(
                event(JobEvent.Kind.START, 1, 4242, 0, NOW - 70_000),
                event(JobEvent.Kind.EXIT, 1, 4242, exited(23), NOW - 12_000),
                event(JobEvent.Kind.START, 2, 4243, 0, NOW - 10_000)));
        coordinator.logs = r -> Script.ending(List.of(line("rsync@mail1", 8, "sent 10 bytes"),
                line("rsync@mail1", 9, "total size 20")));
    }

    @AfterEach
    void stop() throws InterruptedException {
        coordinators.close();
    }

    private static JobEvent event(JobEvent.Kind kind, int run, int pid, int value, long at) {
        return JobEvent.newBuilder().setJobId("rsync@mail1").setRole(JobEvent.Role.CMD).setKind(kind).setRun(run)
                .setPid(pid).setValue(value).setUnixMs(at).build();
    }

    @Test
    void showsOptionsUserStateRunsAndLastLines() {
        Result r = coordinators.run("status", "rsync@mail1");

        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("rsync@mail1 - rsync -a /src /dst\n",
                "    State: RUNNING since 07:59:50 (10s)\n",
                "  Options: -t 1h -L 4.0 -l 2.0 -u backup -1\n",
                "     User: backup\n",
                "     Tags: nightly\n",
                "      Run: 2, restarts 1, last exit exit 23\n",
                "  sent 10 bytes\n  total size 20\n");
        assertThat(r.out()).containsPattern("2 +4243 +07:59:50 +- +10s +running\n")
                .containsPattern("1 +4242 +07:58:50 +07:59:48 +58s +exit 23\n");
        assertThat(coordinator.requests(EventsRequest.class).get(0).getSelector().getJobIdsList())
                .containsExactly("rsync@mail1");
        assertThat(coordinator.requests(LogsRequest.class).get(0).getTail()).isEqualTo(10);
    }

    @Test
    void jsonHasTheSameFacts() {
        Result r = coordinators.run("status", "--json", "rsync@mail1");

        @SuppressWarnings("unchecked")
        Map<String, Object> job = (Map<String, Object>) TinyJson.parse(r.out());
        assertThat(job).containsEntry("state", "RUNNING").containsEntry("user", "backup")
                .containsEntry("options", List.of("-t", "1h", "-L", "4.0", "-l", "2.0", "-u", "backup", "-1"))
                .containsEntry("last_lines", List.of("sent 10 bytes", "total size 20"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> runs = (List<Map<String, Object>>) job.get("runs");
        assertThat(runs).hasSize(2);
        assertThat(runs.get(0)).containsEntry("run", 2.0).containsEntry("end_unix_ms", null)
                .containsEntry("result", "running");
        assertThat(runs.get(1)).containsEntry("raw_status", (double) exited(23)).containsEntry("result", "exit 23");
    }

    @Test
    void psWideHasTheOptionsColumnAndOtherFormatsAreRefused() {
        Result wide = coordinators.run("ps", "-o", "wide");
        Result bad = coordinators.run("ps", "-o", "tall");

        assertThat(wide.out().lines().toList()).containsExactly(
                "JOB          HOST   STATE    PID   RESTARTS  UPTIME  WHY  OPTIONS                           COMMAND",
                "rsync@mail1  mail1  RUNNING  4243  1         10s     -    -t 1h -L 4.0 -l 2.0 -u backup -1  "
                        + "rsync -a /src /dst");
        assertThat(bad.status()).isEqualTo(2);
        assertThat(bad.err()).isEqualTo("dmonctl: -o: 'tall' is not an output format (wide, usage)\n");
    }
}
