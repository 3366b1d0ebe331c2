package io.dmon.agent.host;

import static io.dmon.agent.host.HostFixture.await;
import static io.dmon.agent.host.HostFixture.groupRunning;
import static io.dmon.agent.host.HostFixture.groupStopped;
import static io.dmon.agent.host.HostFixture.job;
import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.agent.supervise.JobEvent.Kind;
import io.dmon.agent.supervise.JobState;
import io.dmon.proto.v1.Job;
import io.dmon.proto.v1.JobChange;
import io.dmon.proto.v1.Pause;
import io.dmon.spec.JobSpec;
import io.dmon.spec.PressureMark;
import io.dmon.spec.SpecException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A hosted job's own -P: its hold beside the others, and the refusal where the host has no PSI. */
class JobHostPressureTest {
    @TempDir
    Path dir;

    private static Job watching(String name, long generation) throws SpecException {
        return job(name, generation, JobSpec.builder().command("sh", "-c",
                "echo $$ >> \"$OUT/" + name + ".pids\"; sleep 600 & sleep 600; wait")
                .putPressure(PressureMark.parse("-P", "io=40")).build());
    }

    private static List<String> reasons(JobReport r) {
        return r.holds().stream().map(JobHold::reason).toList();
    }

    @Test
    void thePressureHoldIsReportedAndNeverEndsAnOperatorsPause() throws Exception {
        Job io = watching("io", 1);
        try (HostFixture f = new HostFixture(dir)) {
            f.reconcile(List.of(io));
            await("running", () -> f.pids("io").size() == 1);
            int pgid = f.pids("io").get(0);
            await("three processes running", () -> groupRunning(pgid, 3));

            f.io(70);
            await("stopped by the pressure", () -> groupStopped(pgid, 3));
            await("reported", () -> reasons(f.report("io")).equals(List.of("pressure io.some.avg10"))
                    && f.report("io").snapshot().state() == JobState.PAUSED);
            await("the event", () -> f.events.stream().anyMatch(e -> e.event().kind() == Kind.PAUSE
                    && e.cause().equals("pressure io.some.avg10")));

            Job paused = io.toBuilder().setPause(Pause.newBuilder().setId("p1").setSinceUnixMs(1).setBy("alice")).build();
            f.apply(JobChange.newBuilder().setJob(paused).build());
            await("held by both", () -> reasons(f.report("io")).equals(List.of("manual", "pressure io.some.avg10")));
            f.io(5);
            await("the pressure hold gone", () -> reasons(f.report("io")).equals(List.of("manual")));
            assertThat(groupStopped(pgid, 3)).as("the pressure dropping does not resume an operator's pause").isTrue();

            f.apply(JobChange.newBuilder().setJob(io).build());
            await("running again", () -> groupRunning(pgid, 3) && f.report("io").snapshot().state() == JobState.RUNNING);
            assertThat(f.pids("io")).as("resumed, not restarted").hasSize(1);
        }
    }

    @Test
    void withoutPressureFilesTheJobIsRefusedWithTheReasonAndNeverStarted() throws Exception {
        try (HostFixture f = new HostFixture(dir)) {
            Files.delete(dir.resolve("pressure/io"));
            f.reconcile(List.of(watching("blind", 1)));
            await("refused", () -> f.report("blind") != null && f.report("blind").snapshot().state() == JobState.REFUSED);
            assertThat(f.report("blind").refusal()).isEqualTo("-P io=40/20: cannot read " + dir.resolve("pressure/io")
                    + ": No such file or directory");
            await("the event", () -> f.events.stream().anyMatch(e -> e.jobId().equals("blind@test")
                    && e.event().state() == JobState.REFUSED && e.cause().equals(f.report("blind").refusal())));
            assertThat(f.pids("blind")).isEmpty();

            // The host can give it again: a restart (a new generation) asks anew and runs it.
            f.io(1);
            f.reconcile(List.of(watching("blind", 2)));
            await("running", () -> f.pids("blind").size() == 1
                    && f.report("blind").snapshot().state() == JobState.RUNNING);
            assertThat(f.report("blind").refusal()).isEmpty();
        }
    }
}
