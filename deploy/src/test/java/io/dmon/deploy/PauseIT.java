package io.dmon.deploy;

import static io.dmon.deploy.Fleet.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.agent.process.ProcStat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Fleet-wide pausing end to end: a coordinator and three agents as real JVMs, each agent with its
 * own load file, dmonctl for every command, and the kernel's view of every process of each job's
 * group (/proc state T) as the judge.
 */
class PauseIT extends FleetTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Two children in the job's group besides the shell: a pause must reach all three. */
    private static final String[] GROUP = {"sh", "-c", "sleep 600 & sleep 600 & wait"};
    /** A command line no other test runs, to count a job's processes from /proc alone. */
    private static final String MARKED = "sleep 617";

    @BeforeEach
    void start() throws Exception {
        fleet = new Fleet(dir);
    }

    private void threeAgentsWithOneJobEach() throws Exception {
        fleet.startAgent("db1", "role=db");
        fleet.startAgent("b1", "role=batch");
        fleet.startAgent("b2", "role=batch");
        run("db1", "web", "web");
        run("b1", "crunch", "batch");
        run("b2", "crunch", "batch");
        for (String job : List.of("web@db1", "crunch@b1", "crunch@b2")) {
            await(job + " running", WAIT, () -> runs(job));
        }
    }

    private void run(String host, String name, String tag, String... command) {
        List<String> args = new ArrayList<>(List.of("run", "--host", host, "--name", name, "--tag", tag));
        args.addAll(List.of(command.length == 0 ? GROUP : command));
        var r = fleet.ctl(args.toArray(new String[0]));
        assertThat(r.exit()).as(r.err()).isZero();
    }

    @Test
    void everySelectorKindPausesAndResumesWholeProcessGroups() throws Exception {
        fleet.startCoordinator();
        threeAgentsWithOneJobEach();

        ok("pause", "web@db1");
        awaitPaused("web@db1");
        assertThat(runs("crunch@b1")).isTrue();
        assertThat(ps()).containsPattern("web@db1\\s.*PAUSED.*manual");
        ok("resume", "web@db1");
        await("web resumed", WAIT, () -> runs("web@db1"));

        ok("pause", "--host", "b2");
        awaitPaused("crunch@b2");
        assertThat(runs("crunch@b1")).isTrue();
        ok("resume", "--host", "b2");
        await("b2 resumed", WAIT, () -> runs("crunch@b2"));

        ok("pause", "--tag", "batch");
        awaitPaused("crunch@b1");
        awaitPaused("crunch@b2");
        assertThat(runs("web@db1")).isTrue();
        ok("resume", "--tag", "batch");
        await("batch resumed", WAIT, () -> runs("crunch@b1") && runs("crunch@b2"));

        ok("pause", "--label", "role=db");
        awaitPaused("web@db1");
        assertThat(runs("crunch@b1")).isTrue();
        ok("resume", "--label", "role=db");
        await("db resumed", WAIT, () -> runs("web@db1"));

        ok("pause", "--all");
        for (String job : List.of("web@db1", "crunch@b1", "crunch@b2")) {
            awaitPaused(job);
        }
        ok("resume", "--all");
        await("all resumed", WAIT, () -> runs("web@db1") && runs("crunch@b1") && runs("crunch@b2"));

        var empty = fleet.ctl("pause");
        assertThat(empty.exit()).isEqualTo(2);
        assertThat(empty.err().strip()).doesNotContain("\n").contains("selector");
        var nothing = fleet.ctl("pause", "--tag", "no-such-tag");
        assertThat(nothing.exit()).isEqualTo(3);
        assertThat(nothing.err()).contains("no-such-tag");
        var unknown = fleet.ctl("pause", "web@db1", "nope@db1");
        assertThat(unknown.exit()).isEqualTo(3);
        assertThat(unknown.err()).contains("nope@db1");
        assertThat(runs("web@db1")).as("a bad id in the list pauses nothing").isTrue();
        assertThat(fleet.ctl("pause", "--all", "--for", "soon").exit()).isEqualTo(2);
        assertThat(fleet.ctl("events", "-n", "200").out()).contains("manual by");
    }

    @Test
    void aLeaseEndsByTheAgentsClockEvenWithNoCoordinator() throws Exception {
        Process coordinator = fleet.startCoordinator();
        threeAgentsWithOneJobEach();

        ok("pause", "--for", "2s", "web@db1");
        awaitPaused("web@db1");
        await("the lease ended", WAIT, () -> runs("web@db1"));
        await("the expiry is an event", WAIT, () -> fleet.ctl("events", "-n", "200").out().contains("web@db1")
                && fleet.ctl("events", "-n", "200").out().toLowerCase().contains("lease"));

        ok("pause", "--for", "4s", "crunch@b1");
        awaitPaused("crunch@b1");
        int pid = pid("crunch@b1");
        int other = pid("crunch@b2");
        Fleet.kill9(coordinator);
        await("the lease ended without any coordinator", WAIT, () -> groupRuns(pid));
        assertThat(groupRuns(other)).isTrue();
    }

    @Test
    void gatesSpanHostsKeepHysteresisAndNeverResumeAnOperatorsPause() throws Exception {
        fleet.startCoordinator();
        threeAgentsWithOneJobEach();
        ok("gate", "add", "dbload", "--watch", "db1", "--high", "4", "--low", "2", "--tag", "batch");

        fleet.setLoad("db1", 6.0);
        awaitPaused("crunch@b1");
        awaitPaused("crunch@b2");
        assertThat(runs("web@db1")).as("not selected").isTrue();
        assertThat(ps()).containsPattern("crunch@b1\\s.*PAUSED.*gate dbload");
        await("gate ls CLOSED, 2 held", WAIT, () -> gateLine("dbload").matches(".*CLOSED\\s+2\\b.*"));

        fleet.setLoad("db1", 3.0);
        await("the gate saw 3.00", WAIT, () -> gateLine("dbload").contains("3.00"));
        assertThat(gateLine("dbload")).contains("CLOSED");
        assertThat(groupStopped(pid("crunch@b1"))).as("no resume between the marks").isTrue();

        run("b2", "late", "batch");
        // Held before its first run: nothing to stop, so ps says WAITING (PAUSED is for stopped processes).
        await("a job started under a closed gate is held", WAIT, () -> ps().matches("(?s).*late@b2\\s.*WAITING.*"));
        assertThat(pid("late@b2") == 0 || groupStopped(pid("late@b2"))).isTrue();

        ok("pause", "crunch@b2");
        fleet.setLoad("db1", 1.0);
        await("crunch@b1 resumed by the gate", WAIT, () -> runs("crunch@b1"));
        await("late@b2 runs once released", WAIT, () -> runs("late@b2"));
        assertThat(gateLine("dbload")).contains("OPEN");
        assertThat(groupStopped(pid("crunch@b2"))).as("the operator's pause wins").isTrue();
        assertThat(ps()).containsPattern("crunch@b2\\s.*PAUSED.*manual");
        ok("resume", "crunch@b2");
        await("crunch@b2 resumed by the operator", WAIT, () -> runs("crunch@b2"));

        assertThat(fleet.ctl("gate", "add", "bad", "--watch", "db1", "--high", "2", "--low", "3", "--all").exit())
                .isEqualTo(2);
        assertThat(fleet.ctl("gate", "add", "bad", "--watch", "db1", "--high", "x", "--all").exit()).isEqualTo(2);
        assertThat(fleet.ctl("gate", "add", "bad", "--watch", "nohost", "--high", "2", "--all").exit()).isNotZero();
        assertThat(fleet.ctl("gate", "add", "dbload", "--watch", "db1", "--high", "2", "--all").exit()).isEqualTo(5);
        assertThat(fleet.ctl("gate", "ls").out().lines().filter(l -> l.startsWith("bad")).count()).isZero();
        String events = fleet.ctl("events", "-n", "500").out();
        assertThat(events).contains("dbload").containsIgnoringCase("closed").containsIgnoringCase("opened");
        ok("gate", "rm", "dbload");
        assertThat(fleet.ctl("gate", "rm", "dbload").exit()).isEqualTo(3);
    }

    @Test
    void fleetMaxAndAverageGates() throws Exception {
        fleet.startCoordinator();
        threeAgentsWithOneJobEach();
        ok("gate", "add", "batchmax", "--watch", "max", "--watch-label", "role=batch", "--high", "4", "web@db1");
        fleet.setLoad("db1", 9.0);
        fleet.setLoad("b2", 5.0);
        awaitPaused("web@db1");
        fleet.setLoad("b2", 0.5);
        await("max fell to the low mark", WAIT, () -> runs("web@db1"));
        ok("gate", "rm", "batchmax");

        ok("gate", "add", "avg", "--watch", "avg", "--high", "4", "--low", "2", "--host", "b1");
        fleet.setLoad("db1", 0.1);
        fleet.setLoad("b1", 6.0);
        fleet.setLoad("b2", 7.0);
        awaitPaused("crunch@b1");
        fleet.setLoad("b2", 0.2);
        await("avg 2.10 seen", WAIT, () -> gateLine("avg").contains("2.10"));
        assertThat(groupStopped(pid("crunch@b1"))).as("2.10 is above the low mark").isTrue();
        fleet.setLoad("b1", 0.1);
        await("avg fell below the low mark", WAIT, () -> runs("crunch@b1"));
    }

    @Test
    void aDownWatchedHostCountsBelowTheLowMarkAfterTheGrace() throws Exception {
        fleet.coordinatorOptions("--gate-down-grace", "2s").startCoordinator();
        Process db1 = fleet.startAgent("db1", "role=db");
        fleet.startAgent("b1", "role=batch");
        run("b1", "crunch", "batch");
        await("crunch running", WAIT, () -> runs("crunch@b1"));
        ok("gate", "add", "dbload", "--watch", "db1", "--high", "4", "--host", "b1");
        fleet.setLoad("db1", 8.0);
        awaitPaused("crunch@b1");
        Fleet.kill9(db1);
        await("released once db1 is DOWN past the grace", Duration.ofSeconds(60), () -> runs("crunch@b1"));
        assertThat(gateLine("dbload")).contains("OPEN").contains("DOWN");
    }

    @Test
    void pausesSurviveAgentAndCoordinatorRestarts() throws Exception {
        Process coordinator = fleet.startCoordinator();
        Process b1 = fleet.startAgent("b1", "role=batch");
        run("b1", "crunch", "batch", "sh", "-c", MARKED + " & " + MARKED + " & wait");
        await("crunch running", WAIT, () -> runs("crunch@b1"));
        ok("pause", "crunch@b1");
        awaitPaused("crunch@b1");
        int before = pid("crunch@b1");

        b1.destroy();
        b1.waitFor();
        assertThat(groupStopped(before)).as("the agent's going leaves the job paused under its monitor").isTrue();
        fleet.startAgent("b1", "role=batch");
        await("back, still paused, the same processes", WAIT, () -> ps().matches("(?s).*crunch@b1\\s.*PAUSED.*manual.*")
                && pid("crunch@b1") == before);
        assertThat(groupStopped(before)).as("never woken").isTrue();
        assertThat(markedProcesses()).as("no second instance").isEqualTo(2);

        Fleet.kill9(coordinator);
        fleet.startCoordinator();
        await("a fresh coordinator learned the pause back", WAIT,
                () -> ps().matches("(?s).*crunch@b1\\s.*PAUSED.*manual.*"));
        assertThat(groupStopped(before)).isTrue();
        ok("resume", "crunch@b1");
        await("runs once resumed, the same processes", WAIT, () -> runs("crunch@b1") && pid("crunch@b1") == before);
    }

    // ---- what the kernel says

    private void awaitPaused(String job) throws InterruptedException {
        await(job + " stopped (every process of its group in state T)", Duration.ofSeconds(10),
                () -> groupStopped(pid(job)));
    }

    /** The job has a process group and none of its processes is stopped. */
    private boolean runs(String job) {
        return groupRuns(pid(job));
    }

    private static boolean groupRuns(int pgid) {
        List<ProcStat> group = group(pgid);
        return group.size() >= 2 && group.stream().noneMatch(ProcStat::stopped);
    }

    private static boolean groupStopped(int pgid) {
        List<ProcStat> group = group(pgid);
        return group.size() >= 3 && group.stream().allMatch(ProcStat::stopped);
    }

    /** The live (not zombie) processes whose process group is {@code pgid}. */
    private static List<ProcStat> group(int pgid) {
        if (pgid <= 0) {
            return List.of();
        }
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
                    .map(n -> ProcStat.read(Integer.parseInt(n))).flatMap(o -> o.stream())
                    .filter(s -> s.pgrp() == pgid && s.state() != 'Z').toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Live processes running {@link #MARKED}. */
    private static long markedProcesses() throws IOException {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> {
                        try {
                            return new String(Files.readAllBytes(p.resolve("cmdline"))).replace('\0', ' ').strip()
                                    .equals(MARKED);
                        } catch (IOException e) {
                            return false;
                        }
                    }).count();
        }
    }

    // ---- what dmonctl says

    private String ps() {
        return fleet.ctl("ps").out();
    }

    private String gateLine(String name) {
        return fleet.ctl("gate", "ls").out().lines().filter(l -> l.startsWith(name + " ")).findFirst().orElse("");
    }

    /** The pid of a job in `ps --json`, 0 when none. */
    private int pid(String job) {
        String json = fleet.ctl("ps", "--json").out();
        int at = json.indexOf("\"id\":\"" + job + "\"");
        if (at < 0) {
            return 0;
        }
        int p = json.indexOf("\"pid\":", at);
        int end = json.indexOf(',', p);
        String value = json.substring(p + 6, end).trim();
        return value.equals("null") ? 0 : Integer.parseInt(value);
    }
}
