package io.dmon.deploy;

import static io.dmon.deploy.Fleet.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dmon.agent.process.ProcStat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real agent gives each job a cgroup of its own (as root on a host with the v2 hierarchy and
 * the v1 freezer writable, as CI runs): a job that calls setsid and double-forks a daemon is
 * paused whole (its cgroup frozen) and stopped whole (no process of it left, its cgroup gone),
 * also after the agent was killed with -9 and came back; ps says which holder each job has and
 * why it fell back ({@code --cgroups v1}, {@code --cgroups off}).
 */
class CgroupsIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Path V2 = Path.of("/sys/fs/cgroup/unified");

    @TempDir
    Path dir;
    Fleet fleet;
    private final List<String> agents = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        assumeTrue(Files.isDirectory(V2) && Files.isWritable(V2.resolve("cgroup.procs")),
                "no writable cgroup v2 hierarchy at " + V2 + " (not root, or not this kind of host)");
        fleet = new Fleet(dir);
        fleet.startCoordinator();
    }

    @AfterEach
    void stop() throws Exception {
        if (fleet != null) {
            fleet.close();
        }
        // Even when a test failed: nothing of the jobs and none of their cgroups stay.
        for (String agent : agents) {
            removeOwner(agent);
        }
    }

    /** Kills what is left in every cgroup of {@code owner} and removes them, in every hierarchy. */
    static void removeOwner(String owner) throws IOException, InterruptedException {
        List<Path> dirs;
        try (Stream<Path> s = Files.walk(Path.of("/sys/fs/cgroup"), 6)) {
            dirs = s.filter(p -> p.getFileName() != null && p.getFileName().toString().equals(owner)
                    && p.getParent().getFileName().toString().equals("dmon")).toList();
        } catch (java.io.UncheckedIOException e) {
            dirs = List.of();
        }
        for (Path ownerDir : dirs) {
            List<Path> all;
            try (Stream<Path> s = Files.walk(ownerDir)) {
                all = s.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList();
            }
            for (Path d : all) {
                if (Files.exists(d.resolve("cgroup.kill"))) {
                    Files.writeString(d.resolve("cgroup.kill"), "1");
                } else {
                    for (String pid : Files.readAllLines(d.resolve("cgroup.procs"))) {
                        new ProcessBuilder("kill", "-KILL", pid).start().waitFor();
                    }
                    if (Files.exists(d.resolve("freezer.state"))) {
                        Files.writeString(d.resolve("freezer.state"), "THAWED");
                    }
                }
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (!Files.readString(d.resolve("cgroup.procs")).isBlank() && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                Files.deleteIfExists(d);
            }
        }
    }

    private Process agent(String name, String... args) throws Exception {
        agents.add(name);
        removeOwner(name);
        return fleet.startAgent(name, "role=cg", args);
    }

    private Fleet.Ctl ok(String... args) {
        Fleet.Ctl r = fleet.ctl(args);
        assertThat(r.exit()).as(String.join(" ", args) + ": " + r.err()).isZero();
        return r;
    }

    private void runTree(String host, String name) throws IOException {
        Path script = dir.resolve(name + ".sh");
        Files.writeString(script, "#!/bin/sh\nsetsid sleep 300 &\n(sleep 301 &) &\nexec sleep 302\n");
        script.toFile().setExecutable(true);
        ok("run", "--host", host, "--name", name, script.toString());
    }

    /** The job's object in ps --json. */
    private String json(String job) {
        String all = fleet.ctl("ps", "--json").out();
        int at = all.indexOf("\"id\":\"" + job + "\"");
        if (at < 0) {
            return "";
        }
        int end = all.indexOf("\"id\":\"", at + 1);
        return all.substring(at, end < 0 ? all.length() : end);
    }

    private int pid(String job) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"pid\":(\\d+),").matcher(json(job));
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    private static List<Integer> pids(Path cgroup) {
        List<Integer> pids = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(cgroup.resolve("cgroup.procs"))) {
                if (!line.isBlank()) {
                    pids.add(Integer.parseInt(line.trim()));
                }
            }
        } catch (IOException gone) {
            return pids;
        }
        return pids;
    }

    /** The tree settled: its three sleeps, the forks between them done. */
    private static boolean threeSleeps(Path cgroup) {
        List<Integer> pids = pids(cgroup);
        return pids.size() == 3 && pids.stream().allMatch(p -> read(Path.of("/proc/" + p + "/comm")).equals("sleep\n"));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    private static boolean alive(int pid) {
        return ProcStat.read(pid).filter(s -> s.state() != 'Z').isPresent();
    }

    @Test
    void aTreeIsPausedAndStoppedWholeAlsoAfterTheAgentWasKilledWithKill9() throws Exception {
        String host = "cgv2";
        Process agent = agent(host);
        runTree(host, "tree");
        String job = "tree@" + host;
        Path cgroup = V2.resolve("dmon").resolve(host).resolve(job);
        await("three sleeps in " + cgroup, WAIT, () -> threeSleeps(cgroup));
        List<Integer> tree = pids(cgroup);
        await("ps names the holder", WAIT, () -> json(job).contains("\"isolation\":{\"kind\":\"cgroup v2\","
                + "\"fallback\":null,\"cgroup\":\"" + cgroup + "\"}"));
        java.util.regex.Pattern usage = java.util.regex.Pattern.compile("\"usage\":\\{\"cpu_usec\":\\d+,"
                + "\"memory_bytes\":\\d+,\"memory_peak_bytes\":\\d+,");
        await("ps shows the job's usage", WAIT, () -> usage.matcher(json(job)).find());
        assertThat(fleet.ctl("ps", "-o", "usage").out()).containsPattern(job + " +" + host + " +RUNNING +cgroup-v2 +"
                + "\\d[\\d.hms]* +\\d[\\d.]*[KMG] +\\d[\\d.]*[KMG] +- *\n");

        Fleet.kill9(agent);
        agent = fleet.startAgent(host, "role=cg");
        int before = pid(job);
        await("taken over", WAIT, () -> json(job).contains("\"state\":\"RUNNING\"") && pid(job) == before
                && json(job).contains("\"isolation\":{\"kind\":\"cgroup v2\","));
        assertThat(pids(cgroup)).as("the same processes, in the same cgroup").containsExactlyInAnyOrderElementsOf(tree);

        ok("pause", job);
        await("the whole tree frozen", WAIT, () -> read(cgroup.resolve("cgroup.events")).contains("frozen 1"));
        assertThat(pids(cgroup)).containsExactlyInAnyOrderElementsOf(tree);
        ok("resume", job);
        await("thawed", WAIT, () -> read(cgroup.resolve("cgroup.events")).contains("frozen 0"));

        ok("stop", job);
        await("stopped", WAIT, () -> json(job).contains("\"state\":\"STOPPED\""));
        for (int pid : tree) {
            await("pid " + pid + " gone (setsid'd and double-forked ones too)", WAIT, () -> !alive(pid));
        }
        await("its cgroup removed", WAIT, () -> !Files.exists(cgroup));
    }

    @Test
    void forcedFallbacksAreNamedInPs() throws Exception {
        agent("cgv1", "--cgroups", "v1");
        agent("cgoff", "--cgroups", "off");
        runTree("cgv1", "tree");
        ok("run", "--host", "cgoff", "--name", "plain", "-r", "memory-max=64m", "sleep", "303");
        await("v1 freezer named", WAIT, () -> json("tree@cgv1").contains("\"isolation\":{\"kind\":\"v1 freezer\","
                + "\"fallback\":null,"));
        await("process group named, with why", WAIT, () -> json("plain@cgoff").contains(
                "\"isolation\":{\"kind\":\"process group\",\"fallback\":\"cgroups off (--cgroups off);"
                + " memory-max=67108864 not enforced: the job has no cgroup\",\"cgroup\":null}"));
        assertThat(json("plain@cgoff")).contains("\"usage\":null");
        String usage = fleet.ctl("ps", "-o", "usage").out();
        assertThat(usage).containsPattern("tree@cgv1 .* v1-freezer ")
                .containsPattern("plain@cgoff .* pgroup\\* +- +- +- +cgroups off \\(--cgroups off\\); memory-max=67108864 not"
                        + " enforced: the job has no cgroup");

        Path freezer = Path.of("/sys/fs/cgroup/freezer/dmon/cgv1/tree@cgv1");
        await("three sleeps in " + freezer, WAIT, () -> threeSleeps(freezer));
        List<Integer> tree = pids(freezer);
        ok("stop", "tree@cgv1");
        for (int pid : tree) {
            await("pid " + pid + " gone", WAIT, () -> !alive(pid));
        }
        await("its cgroup removed", WAIT, () -> !Files.exists(freezer));
    }
}
