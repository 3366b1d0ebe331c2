package io.dmon.agent.tools;

import static io.dmon.agent.tools.ProgramRun.alive;
import static io.dmon.agent.tools.ProgramRun.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.agent.state.StateDir;
import io.dmon.proto.v1.Assignment;
import io.dmon.proto.v1.DesiredState;
import io.dmon.proto.v1.Job;
import io.dmon.spec.JobSpec;
import io.dmon.wire.JobSpecMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dmon-agent as a process of its own: killed with KILL and started again on the same state
 * directory, with no coordinator reachable, the saved assignment runs, the old process group is
 * stopped before the job starts again, a completed -1 job stays completed; TERM stops it all.
 */
class AgentProcessIT {
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private static Job job(String name, JobSpec spec) {
        return Job.newBuilder().setId(name + "@h1").setName(name).setHost("h1").setSpec(JobSpecMapper.toProto(spec))
                .setDesired(DesiredState.DESIRED_RUNNING).setGeneration(1).build();
    }

    private Process agent(String log) throws Exception {
        return ProgramRun.builder(AgentCommand.class, List.of("--name", "h1", "--state-dir", dir.resolve("state").toString(),
                        "--coordinator", "127.0.0.1:1", "--allow-root"), dir, Map.of("OUT", dir.toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve(log).toFile()).start();
    }

    @Test
    void anUnusableStateDirectoryIsOneLineAndStatus2() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        ProgramRun.Result r = ProgramRun.run(AgentCommand.class, List.of("--state-dir", file.resolve("sub").toString(),
                "--coordinator", "127.0.0.1:1"), dir, Map.of());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.stderr().strip()).isEqualTo("dmon-agent: state directory '" + file.resolve("sub")
                + "' cannot be written: " + file.resolve("sub") + ": Not a directory");
    }

    private List<Integer> pids() {
        return ProgramRun.read(dir.resolve("pids")).lines().map(Integer::parseInt).toList();
    }

    @Test
    void aKilledAgentsJobIsStoppedAndRunsExactlyOnceUnderTheNextAgent() throws Exception {
        try (StateDir state = StateDir.open(dir.resolve("state"), m -> { })) {
            state.writeAssignment(Assignment.newBuilder()
                    .addJobs(job("sleeper", JobSpec.builder().command("sh", "-c",
                            "echo $$ >> \"$OUT/pids\"; sleep 300 & exec sleep 300").build()))
                    .addJobs(job("once", JobSpec.builder().command("sh", "-c", "echo ran >> \"$OUT/once\"").once(true).build()))
                    .build().toByteArray());
        }
        Path onceRecord = dir.resolve("state/runtime/once@h1");
        Process first = agent("first.log");
        await("the saved assignment runs without a coordinator", DEADLINE, () -> pids().size() == 1
                && ProgramRun.read(onceRecord).contains("finished=COMPLETED"));
        int old = pids().get(0);

        first.destroyForcibly();
        assertThat(first.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(alive(old)).as("a killed agent leaves its job running").isTrue();

        Process second = agent("second.log");
        try {
            await("the orphan stopped and the job started again", DEADLINE, () -> !alive(old) && pids().size() == 2);
            int now = pids().get(1);
            assertThat(alive(now)).isTrue();
            assertThat(groupSize(old)).as("the old group's other sleep is gone too").isZero();
            assertThat(ProgramRun.read(dir.resolve("second.log"))).contains("job sleeper@h1: stopping 2 process(es) left by the previous agent");

            ProgramRun.kill("TERM", second.pid());
            assertThat(second.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(second.exitValue()).isZero();
            await("the job stopped with the agent", DEADLINE, () -> !alive(now) && groupSize(now) == 0);
            assertThat(Files.readAllLines(dir.resolve("once"))).as("the completed -1 job was not run again").hasSize(1);
            assertThat(pids()).hasSize(2);
        } finally {
            second.destroyForcibly();
        }
    }

    @Test
    void aOnceJobLiveWhenTheAgentIsKilledIsNeverRunAgain() throws Exception {
        try (StateDir state = StateDir.open(dir.resolve("state"), m -> { })) {
            state.writeAssignment(Assignment.newBuilder()
                    .addJobs(job("backup", JobSpec.builder().command("sh", "-c",
                            "echo $$ >> \"$OUT/backup\"; exec sleep 300").once(true).build()))
                    // Started after the -1 job by each agent: once it ran, that agent took its decisions.
                    .addJobs(job("marker", JobSpec.builder().command("sh", "-c",
                            "echo $$ >> \"$OUT/marker\"; exec sleep 300").build()))
                    .build().toByteArray());
        }
        Path record = dir.resolve("state/runtime/backup@h1");
        Process first = agent("first.log");
        await("the -1 job runs, its record saying it began", DEADLINE, () -> Files.exists(dir.resolve("backup"))
                && ProgramRun.read(record).contains("begun=true") && ProgramRun.read(record).contains("pid=" + backupPid()));
        int old = backupPid();
        first.destroyForcibly();
        assertThat(first.waitFor(20, TimeUnit.SECONDS)).isTrue();

        Process second = agent("second.log");
        try {
            await("the job ended as not run again", DEADLINE, () -> ProgramRun.read(record).contains("finished=FAILED")
                    && ProgramRun.read(dir.resolve("marker")).lines().count() == 2);
            await("the old run ended", DEADLINE, () -> !alive(old));
            assertThat(ProgramRun.read(dir.resolve("second.log")))
                    .contains("job backup@h1: not run again: the previous agent died while its -1 run was live");
            assertThat(Files.readAllLines(dir.resolve("backup"))).as("not run again by the second agent").hasSize(1);
            // A second kill and start changes nothing: FAILED is final for the generation.
            second.destroyForcibly();
            assertThat(second.waitFor(20, TimeUnit.SECONDS)).isTrue();
            Process third = agent("third.log");
            try {
                await("the third agent started its jobs", DEADLINE,
                        () -> ProgramRun.read(dir.resolve("marker")).lines().count() == 3);
                assertThat(Files.readAllLines(dir.resolve("backup"))).as("ran exactly once under three agents").hasSize(1);
                assertThat(ProgramRun.read(record)).contains("finished=FAILED");
            } finally {
                third.destroyForcibly();
            }
        } finally {
            second.destroyForcibly();
        }
    }

    private int backupPid() {
        String text = ProgramRun.read(dir.resolve("backup")).strip();
        return text.isEmpty() ? -1 : Integer.parseInt(text.lines().findFirst().orElseThrow());
    }

    private static long groupSize(int pgrp) {
        try (var dirs = Files.list(Path.of("/proc"))) {
            return dirs.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
                    .map(n -> io.dmon.agent.process.ProcStat.read(Integer.parseInt(n)))
                    .flatMap(java.util.Optional::stream).filter(p -> p.pgrp() == pgrp && p.state() != 'Z').count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
