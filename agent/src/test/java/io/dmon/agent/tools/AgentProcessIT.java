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
 * directory, with no coordinator reachable, the saved assignment runs, its jobs taken over by the
 * next agent (same processes), a completed -1 job stays completed, a live one is adopted; TERM
 * leaves the jobs running, TERM with --stop-jobs stops them.
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
    void aKilledAgentsJobIsTakenOverByTheNextAgentAndStopsOnlyWithStopJobs() throws Exception {
        try (StateDir state = StateDir.open(dir.resolve("state"), m -> { })) {
            state.writeAssignment(Assignment.newBuilder()
                    .addJobs(job("sleeper", JobSpec.builder().command("sh", "-c",
                            "echo $$ >> \"$OUT/pids\"; sleep 300 & exec sleep 300").build()))
                    .addJobs(job("once", JobSpec.builder().command("sh", "-c", "echo ran >> \"$OUT/once\"").once(true).build()))
                    .build().toByteArray());
        }
        Path onceRecord = dir.resolve("state/runtime/once@h1");
        Path sleeperRecord = dir.resolve("state/runtime/sleeper@h1");
        Process first = agent("first.log");
        await("the saved assignment runs without a coordinator", DEADLINE, () -> pids().size() == 1
                && ProgramRun.read(onceRecord).contains("finished=COMPLETED")
                && ProgramRun.read(sleeperRecord).contains("pid=" + pids().get(0)));
        int pid = pids().get(0);
        long group = groupSize(pid);

        first.destroyForcibly();
        assertThat(first.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(alive(pid)).as("a killed agent leaves its job running").isTrue();

        Process second = agent("second.log");
        await("the next agent took the job over", DEADLINE,
                () -> ProgramRun.read(dir.resolve("second.log")).contains("started"));
        Thread.sleep(1_000);
        assertThat(alive(pid)).as("the same process goes on").isTrue();
        assertThat(groupSize(pid)).as("and its group").isEqualTo(group);
        assertThat(pids()).as("not started again").hasSize(1);

        ProgramRun.kill("TERM", second.pid());
        assertThat(second.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(second.exitValue()).isZero();
        assertThat(ProgramRun.read(dir.resolve("second.log"))).contains("leaving the jobs running");
        assertThat(alive(pid)).as("TERM leaves the job running").isTrue();

        Process third = ProgramRun.builder(AgentCommand.class, List.of("--name", "h1", "--state-dir",
                        dir.resolve("state").toString(), "--coordinator", "127.0.0.1:1", "--allow-root", "--stop-jobs"), dir,
                        Map.of("OUT", dir.toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("third.log").toFile()).start();
        try {
            await("the third agent took it over", DEADLINE,
                    () -> ProgramRun.read(dir.resolve("third.log")).contains("started"));
            ProgramRun.kill("TERM", third.pid());
            assertThat(third.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(third.exitValue()).isZero();
            await("--stop-jobs stopped the job with the agent", DEADLINE, () -> !alive(pid) && groupSize(pid) == 0);
            assertThat(Files.readAllLines(dir.resolve("once"))).as("the completed -1 job was not run again").hasSize(1);
            assertThat(pids()).hasSize(1);
            try (var monitors = Files.list(dir.resolve("state/monitors"))) {
                assertThat(monitors.map(p -> p.getFileName().toString()).filter(n -> !n.equals("bin")))
                        .as("no monitor left").isEmpty();
            }
        } finally {
            third.destroyForcibly();
        }
    }

    @Test
    void aOnceJobLiveWhenTheAgentIsKilledIsAdoptedAndRunsOnlyOnce() throws Exception {
        try (StateDir state = StateDir.open(dir.resolve("state"), m -> { })) {
            state.writeAssignment(Assignment.newBuilder()
                    .addJobs(job("backup", JobSpec.builder().command("sh", "-c",
                            "echo $$ >> \"$OUT/backup\"; while [ ! -e \"$OUT/go\" ]; do sleep 0.05; done").once(true)
                            .build()))
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
            await("the next agent runs", DEADLINE, () -> ProgramRun.read(dir.resolve("second.log")).contains("started"));
            assertThat(alive(old)).as("the run goes on under the next agent").isTrue();
            Files.writeString(dir.resolve("go"), "");
            await("the run completed the job", DEADLINE, () -> ProgramRun.read(record).contains("finished=COMPLETED"));
            assertThat(Files.readAllLines(dir.resolve("backup"))).as("run exactly once under two agents").hasSize(1);
        } finally {
            second.destroyForcibly();
        }
    }

    @Test
    void aOnceJobWhoseMonitorWasKilledWhileNoAgentRanIsFailedNotRunAgain() throws Exception {
        try (StateDir state = StateDir.open(dir.resolve("state"), m -> { })) {
            state.writeAssignment(Assignment.newBuilder()
                    .addJobs(job("backup", JobSpec.builder().command("sh", "-c",
                            "echo $$ >> \"$OUT/backup\"; exec sleep 300").once(true).build()))
                    .build().toByteArray());
        }
        Path record = dir.resolve("state/runtime/backup@h1");
        Process first = agent("first.log");
        await("the -1 job runs", DEADLINE, () -> Files.exists(dir.resolve("backup"))
                && ProgramRun.read(record).contains("pid=" + backupPid()));
        int old = backupPid();
        first.destroyForcibly();
        assertThat(first.waitFor(20, TimeUnit.SECONDS)).isTrue();
        int monitor = io.dmon.agent.process.ProcStat.read(old).orElseThrow().ppid();
        ProgramRun.kill("KILL", monitor);
        await("the run died with its monitor", DEADLINE, () -> !alive(old));

        Process second = agent("second.log");
        try {
            await("the job ended FAILED, its outcome unknown", DEADLINE,
                    () -> ProgramRun.read(record).contains("finished=FAILED"));
            Thread.sleep(500);
            assertThat(Files.readAllLines(dir.resolve("backup"))).as("not run again").hasSize(1);
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
