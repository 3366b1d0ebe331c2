package io.dmon.agent.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dmon.agent.host.RunAsPolicy;
import io.dmon.agent.process.ChildProcess;
import io.dmon.agent.process.Launch;
import io.dmon.agent.process.Posix;
import io.dmon.agent.process.Spawner;
import io.dmon.agent.process.cgroup.CgroupMode;
import io.dmon.agent.process.cgroup.JobCgroup;
import io.dmon.agent.process.cgroup.JobCgroups;
import io.dmon.proto.v1.Assignment;
import io.dmon.proto.v1.CoordinatorMessage;
import io.dmon.proto.v1.DesiredState;
import io.dmon.proto.v1.Job;
import io.dmon.spec.JobSpec;
import io.dmon.wire.HostPort;
import io.dmon.wire.JobSpecMapper;
import io.grpc.inprocess.InProcessChannelBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent's start, with real cgroups: a job cgroup under its own directory that belongs to no
 * job it holds is removed when empty, and left with one line when processes are in it; the
 * cgroup of a job re-attached from the previous agent stays with its process; and a job's
 * removal takes its cgroup with it.
 */
class AgentCgroupLeftoversTest {
    private static final Posix POSIX = Posix.load();
    private final String name = "cgl-" + ProcessHandle.current().pid() + "-" + (System.nanoTime() % 100_000);
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private final List<JobCgroup> made = new ArrayList<>();
    private final List<ChildProcess> children = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void cleanUp() throws Exception {
        // Even when a test failed: agents closed (their jobs stopped), then every cgroup of ours ended.
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        for (JobCgroup c : made) {
            c.end(5000);
        }
        for (ChildProcess p : children) {
            p.signal(9);
            p.waitFor();
        }
    }

    private AgentNode agent(String coordinator) throws IOException {
        AgentNode node = AgentNode.start(AgentConfig.builder().name(name).stateDir(dir.resolve("state"))
                .coordinators(HostPort.parseDialableList(coordinator)).env(System.getenv())
                .stopGrace(Duration.ofSeconds(2)).diagnostics(messages::add).cgroups(CgroupMode.AUTO)
                .runAs(RunAsPolicy.of(POSIX.geteuid(), true, java.util.Optional.empty()))
                .channels((address, credentials) -> InProcessChannelBuilder.forName(address.toString()).build())
                .build(), POSIX);
        return node;
    }

    private JobCgroup cgroupOf(String jobId) {
        JobCgroups.Placement p = JobCgroups.detect(POSIX, CgroupMode.AUTO, name).place(jobId);
        assumeTrue(p.cgroup() != null, "no cgroup here: " + p.isolation().fallback());
        made.add(p.cgroup());
        return p.cgroup();
    }

    private static List<Integer> pids(JobCgroup c) {
        try {
            return c.pids();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void atStartOnlyTheEmptyCgroupsOfNoHeldJobGoAndARemovedJobsCgroupGoesWithIt() throws Exception {
        assumeTrue(POSIX.geteuid() == 0, "cgroups are made by root here; this test runs as uid " + POSIX.geteuid());
        String coordinator = name + ":1";
        FakeCoordinator c = new FakeCoordinator(coordinator).start();
        closing.add(c);
        String webId = "web@" + name;
        c.assignment = List.of(Job.newBuilder().setId(webId).setName("web").setHost(name)
                .setSpec(JobSpecMapper.toProto(JobSpec.builder().command("sleep", "300").build()))
                .setDesired(DesiredState.DESIRED_RUNNING).setGeneration(1).build());

        AgentNode first = agent(coordinator);
        JobCgroup web;
        List<Integer> webPids;
        try {
            web = cgroupOf(webId);
            await("the job running in " + web, () -> !pids(web).isEmpty());
            webPids = pids(web);
        } finally {
            // The job runs on under its monitor for the next agent.
            first.detach();
        }
        JobCgroup gone = cgroupOf("gone@" + name);
        JobCgroup stray = cgroupOf("stray@" + name);
        children.add(new Spawner(POSIX).spawn(new Launch(List.of("sleep", "300"), List.of("PATH=/usr/bin:/bin"), -1, -1,
                -1, Posix.Group.NEW_GROUP, dir.toString(), null, null).inCgroups(stray.procsFiles())));
        await("a process in " + stray, () -> !pids(stray).isEmpty());
        assertThat(gone.dirs()).allMatch(Files::isDirectory);

        AgentNode second = agent(coordinator);
        closing.add(second);

        for (Path d : gone.dirs()) {
            assertThat(d).doesNotExist();
        }
        assertThat(stray.dirs()).allMatch(Files::isDirectory);
        assertThat(pids(stray)).hasSize(1);
        assertThat(messages.stream().filter(m -> m.contains(" holds processes of no job"))).singleElement()
                .isEqualTo("cgroup " + String.join(", ", stray.dirs().stream().map(Path::toString).toList())
                        + " holds processes of no job of this agent: left as it is");
        assertThat(messages).noneMatch(m -> m.contains(web.holder().toString()));
        assertThat(web.dirs()).allMatch(Files::isDirectory);
        assertThat(pids(web)).isEqualTo(webPids);

        await("the second agent registered", () -> c.sessions.size() >= 2
                && !c.last().of(io.dmon.proto.v1.AgentMessage.BodyCase.REGISTER).isEmpty());
        c.last().send(CoordinatorMessage.newBuilder()
                .setAssignment(Assignment.getDefaultInstance()).build());
        await("the removed job's cgroup gone", () -> web.dirs().stream().noneMatch(Files::isDirectory));
    }
}
