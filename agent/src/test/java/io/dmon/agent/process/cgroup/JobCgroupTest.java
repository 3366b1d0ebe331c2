package io.dmon.agent.process.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dmon.agent.process.ChildProcess;
import io.dmon.agent.process.Launch;
import io.dmon.agent.process.Posix;
import io.dmon.agent.process.PosixException;
import io.dmon.agent.process.Spawner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real cgroups, real processes: a job that calls setsid and double-forks a daemon is held whole
 * by its cgroup (v2, and the v1 freezer), frozen whole, killed whole, and its directories go; a
 * child that cannot join its cgroup runs nothing. Runs where cgroups can be made (root on a host
 * with them mounted, as CI); elsewhere it says why it skipped.
 */
class JobCgroupTest {
    private static final Posix POSIX = Posix.load();
    private final String owner = "test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    private final List<JobCgroup> made = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void cleanUp() throws Exception {
        // Even when a test failed: nothing of ours stays in the hierarchy.
        for (JobCgroup c : made) {
            c.end(5000);
        }
    }

    private JobCgroup place(CgroupMode mode, Isolation.Kind expected) {
        assumeTrue(POSIX.geteuid() == 0, "cgroups are made by root here; this test runs as uid " + POSIX.geteuid());
        JobCgroups.Placement p = JobCgroups.detect(POSIX, mode, owner).place("job");
        if (p.cgroup() != null) {
            made.add(p.cgroup());
        }
        assumeTrue(p.cgroup() != null || !p.isolation().fallback().contains("not mounted"),
                "no cgroup hierarchy on this host: " + p.isolation().fallback());
        assertThat(p.isolation().kind()).as(p.isolation().fallback()).isEqualTo(expected);
        return p.cgroup();
    }

    /** sh that starts a setsid'd sleep, double-forks another, and becomes a third. */
    private ChildProcess startTree(JobCgroup cgroup) throws Exception {
        return new Spawner(POSIX).spawn(new Launch(List.of("sh", "-c",
                "setsid sleep 300 & (sleep 301 &) & exec sleep 302"), List.of("PATH=/usr/bin:/bin"), -1, -1, -1,
                Posix.Group.NEW_GROUP, dir.toString(), null, null).inCgroups(cgroup.procsFiles()));
    }

    private static void await(String what, java.util.function.BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    private static List<Integer> pids(JobCgroup c) {
        try {
            return c.pids();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String sessionOf(int pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ")[3];
    }

    private void holdsTheWholeTree(JobCgroup cgroup) throws Exception {
        ChildProcess sh = startTree(cgroup);
        // The tree settled: its three sleeps, the forks between them done.
        await("three sleeps in the cgroup", () -> pids(cgroup).size() == 3 && pids(cgroup).stream().allMatch(p -> {
            try {
                return Files.readString(Path.of("/proc/" + p + "/comm")).equals("sleep\n");
            } catch (java.io.IOException e) {
                return false;
            }
        }));
        List<Integer> tree = pids(cgroup);
        // The setsid'd one left the group and the session: a signal to the group would miss it.
        assertThat(tree.stream().map(p -> {
            try {
                return sessionOf(p);
            } catch (Exception e) {
                return "gone";
            }
        }).distinct().count()).isEqualTo(2);

        cgroup.freeze();
        assertThat(cgroup.awaitFrozen(2000)).isTrue();
        assertThat(cgroup.frozen()).isTrue();
        cgroup.thaw();
        await("thawed", () -> {
            try {
                return !cgroup.frozen();
            } catch (java.io.IOException e) {
                return false;
            }
        });

        cgroup.kill();
        assertThat(cgroup.awaitEmpty(5000)).isTrue();
        for (int pid : tree) {
            await("pid " + pid + " gone", () -> !Files.exists(Path.of("/proc/" + pid)) || zombie(pid));
        }
        sh.waitFor();
        cgroup.end(5000);
        for (Path d : cgroup.dirs()) {
            assertThat(d).doesNotExist();
        }
    }

    private static boolean zombie(int pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (java.io.IOException e) {
            return true;
        }
    }

    @Test
    void aV2CgroupHoldsFreezesAndKillsTheWholeTree() throws Exception {
        holdsTheWholeTree(place(CgroupMode.V2, Isolation.Kind.CGROUP_V2));
    }

    @Test
    void aV1FreezerCgroupHoldsFreezesAndKillsTheWholeTree() throws Exception {
        holdsTheWholeTree(place(CgroupMode.V1, Isolation.Kind.CGROUP_V1_FREEZER));
    }

    @Test
    void usageIsCountedForTheJob() throws Exception {
        JobCgroup cgroup = place(CgroupMode.AUTO, Isolation.Kind.CGROUP_V2);
        ChildProcess child = new Spawner(POSIX).spawn(new Launch(List.of("sh", "-c",
                "i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done"), List.of("PATH=/usr/bin:/bin"), -1, -1, -1,
                Posix.Group.NEW_GROUP, dir.toString(), null, null).inCgroups(cgroup.procsFiles()));
        child.waitFor();
        CgroupUsage u = cgroup.usage();
        assertThat(u.cpuMicros()).isPositive();
        assertThat(u.memoryPeakBytes()).isPositive();
    }

    /** The first of {@code files} that exists in one of the job's directories, read. */
    private static String readFirst(JobCgroup c, String... files) throws Exception {
        for (String f : files) {
            for (Path d : c.dirs()) {
                if (Files.exists(d.resolve(f))) {
                    return f + "=" + Files.readString(d.resolve(f)).trim();
                }
            }
        }
        return "none of " + List.of(files);
    }

    @Test
    void limitsGoToTheWholeCgroupAndWhatCannotBeEnforcedIsSaid() throws Exception {
        JobCgroup cgroup = place(CgroupMode.AUTO, Isolation.Kind.CGROUP_V2);
        JobCgroups.Placement placed = JobCgroups.detect(POSIX, CgroupMode.AUTO, owner).place("job");
        JobCgroups.Placement limited = JobCgroups.limited(placed, 64L << 20, 50);
        assertThat(limited.isolation().fallback()).as("this host has memory and cpu controllers").isEmpty();
        assertThat(readFirst(cgroup, "memory.max", "memory.limit_in_bytes")).isIn("memory.max=67108864",
                "memory.limit_in_bytes=67108864");
        assertThat(readFirst(cgroup, "cpu.max", "cpu.cfs_quota_us")).isIn("cpu.max=50000 100000",
                "cpu.cfs_quota_us=50000");
        // Cleared again when the job no longer asks (a new generation without them).
        JobCgroups.limited(placed, -1, -1);
        assertThat(readFirst(cgroup, "cpu.max", "cpu.cfs_quota_us")).isIn("cpu.max=max 100000", "cpu.cfs_quota_us=-1");

        JobCgroups.Placement none = JobCgroups.limited(
                JobCgroups.detect(POSIX, CgroupMode.OFF, owner).place("job"), 1 << 20, 25);
        assertThat(none.isolation().fallback()).isEqualTo("cgroups off (--cgroups off); memory-max=1048576 not"
                + " enforced: the job has no cgroup; cpu-max=25 not enforced: the job has no cgroup");
    }

    @Test
    void offAndForcedModesSayWhy() {
        assumeTrue(POSIX.geteuid() == 0, "runs as root here");
        JobCgroups.Placement off = JobCgroups.detect(POSIX, CgroupMode.OFF, owner).place("job");
        assertThat(off.cgroup()).isNull();
        assertThat(off.isolation().kind()).isEqualTo(Isolation.Kind.PROCESS_GROUP);
        assertThat(off.isolation().fallback()).isEqualTo("cgroups off (--cgroups off)");
        JobCgroup v1 = place(CgroupMode.V1, Isolation.Kind.CGROUP_V1_FREEZER);
        JobCgroups.Placement again = JobCgroups.detect(POSIX, CgroupMode.V1, owner).place("job");
        assertThat(again.isolation().fallback()).as("v2 was not asked for: no fallback").isEmpty();
        // The same names give the same directories: an agent that restarts finds its jobs' cgroups.
        assertThat(again.cgroup().holder()).isEqualTo(v1.holder());
    }

    @Test
    void aChildThatCannotJoinItsCgroupRunsNothing() throws Exception {
        assumeTrue(POSIX.geteuid() == 0, "runs as root here");
        Path marker = dir.resolve("ran");
        String missing = "/sys/fs/cgroup/no-such-cgroup-" + owner + "/cgroup.procs";
        assertThatThrownBy(() -> new Spawner(POSIX).spawn(new Launch(List.of("sh", "-c", "touch " + marker),
                List.of("PATH=/usr/bin:/bin"), -1, -1, -1, Posix.Group.NEW_GROUP, dir.toString(), null, null)
                .inCgroups(List.of(missing))))
                .isInstanceOf(PosixException.class)
                .hasMessage("join cgroup " + missing + ": No such file or directory");
        assertThat(marker).doesNotExist();
    }

    @Test
    void mountsAreReadFromMountinfo() {
        CgroupMounts m = CgroupMounts.parse("""
                31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
                35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
                37 31 0:34 / /sys/fs/cgroup/freezer rw,relatime - cgroup cgroup rw,freezer
                41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
                50 31 0:39 /lxc /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
                """, """
                6:freezer:/
                4:memory:/process_api/b3
                1:cpu:/elsewhere
                0::/a b
                """);
        assertThat(m.v2()).isEqualTo(Path.of("/sys/fs/cgroup/unified/a b"));
        assertThat(m.v1().get("memory")).isEqualTo(Path.of("/sys/fs/cgroup/memory/process_api/b3"));
        assertThat(m.v1().get("freezer")).isEqualTo(Path.of("/sys/fs/cgroup/freezer"));
        // Our cpu cgroup is outside what that mount shows: as if absent.
        assertThat(m.v1()).doesNotContainKey("cpu");
    }
}
