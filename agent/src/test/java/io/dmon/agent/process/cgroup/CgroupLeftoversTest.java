package io.dmon.agent.process.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dmon.agent.process.ChildProcess;
import io.dmon.agent.process.Launch;
import io.dmon.agent.process.Posix;
import io.dmon.agent.process.Spawner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real cgroups, real processes: what is left over goes only when empty and nobody's. An agent's
 * cgroup of a job it does not hold goes, one it holds stays, one with processes stays and is said
 * once; a dead dmon's empty directory goes in every hierarchy, a dead dmon's with processes stays,
 * a live dmon's stays.
 */
class CgroupLeftoversTest {
    private static final Posix POSIX = Posix.load();
    private final String tag = ProcessHandle.current().pid() + "-" + System.nanoTime();
    private final List<JobCgroup> made = new ArrayList<>();
    private final List<ChildProcess> children = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void cleanUp() throws Exception {
        // Even when a test failed: what the tests started is killed and every directory goes.
        for (JobCgroup c : made) {
            c.end(5000);
        }
        for (ChildProcess p : children) {
            p.signal(9);
            p.waitFor();
        }
    }

    private JobCgroup place(String owner, String job) {
        assumeTrue(POSIX.geteuid() == 0, "cgroups are made by root here; this test runs as uid " + POSIX.geteuid());
        JobCgroups.Placement p = JobCgroups.detect(POSIX, CgroupMode.AUTO, owner).place(job);
        assumeTrue(p.cgroup() != null, "no cgroup here: " + p.isolation().fallback());
        made.add(p.cgroup());
        return p.cgroup();
    }

    private void populate(JobCgroup c) throws Exception {
        children.add(new Spawner(POSIX).spawn(new Launch(List.of("sleep", "300"), List.of("PATH=/usr/bin:/bin"), -1, -1,
                -1, Posix.Group.NEW_GROUP, dir.toString(), null, null).inCgroups(c.procsFiles())));
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (c.pids().isEmpty()) {
            assertThat(System.nanoTime()).as("a process in " + c).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    @Test
    void anAgentsCgroupOfNoJobItHoldsGoesWhenEmptyAndIsSaidOnceWhenNot() throws Exception {
        String owner = "agent-" + tag;
        JobCgroup held = place(owner, "held@a");
        JobCgroup gone = place(owner, "gone@a");
        JobCgroup busy = place(owner, "busy@a");
        populate(busy);
        assertThat(gone.dirs()).allMatch(java.nio.file.Files::isDirectory);
        // More than one hierarchy where the host has them: the meters go too.
        List<String> messages = new CopyOnWriteArrayList<>();

        CgroupLeftovers.pruneJobs(JobCgroups.detect(POSIX, CgroupMode.AUTO, owner), Set.of("held@a"), messages::add);

        for (Path d : gone.dirs()) {
            assertThat(d).doesNotExist();
        }
        for (Path d : held.dirs()) {
            assertThat(d).isDirectory();
        }
        for (Path d : busy.dirs()) {
            assertThat(d).isDirectory();
        }
        assertThat(busy.pids()).hasSize(1);
        assertThat(messages).singleElement().asString()
                .startsWith("cgroup " + busy.holder())
                .endsWith(" holds processes of no job of this agent: left as it is");
    }

    @Test
    void offPrunesNothing() throws Exception {
        String owner = "agent-" + tag;
        JobCgroup gone = place(owner, "gone@a");
        CgroupLeftovers.pruneJobs(JobCgroups.detect(POSIX, CgroupMode.OFF, owner), Set.of(), m -> { });
        assertThat(gone.holder()).isDirectory();
    }

    @Test
    void aDeadDmonsEmptyDirectoryGoesAndTheRestStays() throws Exception {
        long dead = deadPid();
        long deadBusy = deadPid();
        ChildProcess live = new Spawner(POSIX).spawn(new Launch(List.of("sleep", "300"), List.of("PATH=/usr/bin:/bin"),
                -1, -1, -1, Posix.Group.NEW_GROUP, dir.toString(), null, null));
        children.add(live);
        long livePid = live.pid();
        long own = ProcessHandle.current().pid();
        JobCgroup deadJob = place("dmon-" + dead, "job");
        JobCgroup busyJob = place("dmon-" + deadBusy, "job");
        populate(busyJob);
        JobCgroup liveJob = place("dmon-" + livePid, "job");
        JobCgroup ownJob = place("dmon-" + own, "job");
        Set<Long> ours = new HashSet<>(List.of(dead, deadBusy, livePid));

        // Real liveness for this test's pids; any other dmon's directory on the host is not this test's to judge.
        CgroupLeftovers.pruneDeadDmons(JobCgroups.detect(POSIX, CgroupMode.AUTO, "dmon-" + own), own,
                pid -> !ours.contains(pid) || ProcessHandle.of(pid).isPresent());

        for (Path d : deadJob.dirs()) {
            assertThat(d).doesNotExist();
            assertThat(d.getParent()).doesNotExist();
        }
        for (JobCgroup kept : List.of(busyJob, liveJob, ownJob)) {
            for (Path d : kept.dirs()) {
                assertThat(d).isDirectory();
            }
        }
    }
}
