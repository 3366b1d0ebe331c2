package io.dmon.deploy;

import static io.dmon.deploy.Fleet.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.agent.process.ProcStat;
import io.dmon.trust.CertificateAuthority;
import io.dmon.trust.Principal;
import io.dmon.trust.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fleet end to end on loopback: a coordinator and agents as real JVMs, dmonctl for every
 * command, real jobs, the load from files, kill -9 of agents and of the coordinator.
 */
class FleetIT extends FleetTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @BeforeEach
    void start() throws Exception {
        fleet = new Fleet(dir);
        fleet.startCoordinator();
    }

    private String psJson() {
        return fleet.ctl("ps", "--json").out();
    }

    /** The pid of a job in `ps --json`, 0 when none. */
    private int pid(String job) {
        String json = psJson();
        int at = json.indexOf("\"id\":\"" + job + "\"");
        if (at < 0) {
            return 0;
        }
        int p = json.indexOf("\"pid\":", at);
        int end = json.indexOf(',', p);
        String value = json.substring(p + 6, end).trim();
        return value.equals("null") ? 0 : Integer.parseInt(value);
    }

    private String state(String job) {
        String json = psJson();
        int at = json.indexOf("\"id\":\"" + job + "\"");
        if (at < 0) {
            return "";
        }
        int s = json.indexOf("\"state\":\"", at) + 9;
        return json.substring(s, json.indexOf('"', s));
    }

    private static boolean alive(int pid) {
        return pid > 0 && ProcStat.read(pid).filter(s -> s.state() != 'Z').isPresent();
    }

    @Test
    void runPsLogsStopRestartSignalAndEventsAcrossTwoAgents() throws Exception {
        fleet.startAgent("mail1", "role=mail");
        fleet.startAgent("batch1", "role=batch");
        assertThat(fleet.ctl("hosts", "--json").out()).contains("\"name\":\"mail1\"").contains("\"name\":\"batch1\"")
                .contains("\"state\":\"UP\"").contains("\"role\":\"mail\"");

        var run = fleet.ctl("run", "--host", "mail1", "--name", "ticker", "--tag", "web", "sh", "-c",
                "trap 'echo got-usr1' USR1; i=0; while :; do i=$((i+1)); echo tick $i; sleep 0.2; done");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out().strip()).isEqualTo("ticker@mail1");
        await("ticker running", WAIT, () -> state("ticker@mail1").equals("RUNNING") && alive(pid("ticker@mail1")));

        var byLabel = fleet.ctl("run", "--label", "role=batch", "sleep", "600");
        assertThat(byLabel.out().strip()).isEqualTo("sleep@batch1");
        var all = fleet.ctl("run", "--all-hosts", "sleep", "600");
        assertThat(all.out().lines().sorted().toList()).containsExactly("sleep-2@batch1", "sleep@mail1");
        await("three sleeps running", WAIT, () -> List.of("sleep@batch1", "sleep-2@batch1", "sleep@mail1").stream()
                .allMatch(j -> alive(pid(j))));

        await("log history", WAIT, () -> fleet.ctl("logs", "-n", "3", "ticker@mail1").out().lines().count() == 3);
        assertThat(fleet.ctl("logs", "-n", "3", "ticker@mail1").out().lines()).allMatch(l -> l.startsWith("tick "));

        int first = pid("ticker@mail1");
        assertThat(fleet.ctl("signal", "ticker@mail1", "USR1").exit()).isZero();
        await("USR1 reached the job", WAIT, () -> fleet.ctl("logs", "-n", "50", "ticker@mail1").out()
                .contains("got-usr1"));

        assertThat(fleet.ctl("stop", "ticker@mail1").exit()).isZero();
        await("stopped", WAIT, () -> state("ticker@mail1").equals("STOPPED") && !alive(first));
        assertThat(fleet.ctl("restart", "ticker@mail1").exit()).isZero();
        await("running again", WAIT, () -> state("ticker@mail1").equals("RUNNING") && alive(pid("ticker@mail1"))
                && pid("ticker@mail1") != first);

        assertThat(fleet.ctl("events", "-n", "100").out()).contains("ticker@mail1 cmd start " + first + " (RUNNING)")
                .contains("ticker@mail1 cmd stop " + first);
        List<String> tickerEvents = fleet.ctl("events", "ticker").out().lines().toList();
        assertThat(tickerEvents).isNotEmpty().allMatch(l -> l.contains(" ticker@mail1 "))
                .anyMatch(l -> l.contains("cmd exit " + first) && l.endsWith("(STOPPED)"));
        assertThat(tickerEvents).isSortedAccordingTo(java.util.Comparator.comparing(l -> l.substring(0, 24)));
        assertThat(fleet.ctl("events", "--json", "--tag", "web").out().lines())
                .isNotEmpty().allMatch(l -> l.startsWith("{") && l.contains("\"job_id\":\"ticker@mail1\""));

        // Selectors: by tag, several hosts, a bare name on one host; an unknown host is exit 3.
        assertThat(fleet.ctl("ps", "--tag", "web").out()).contains("ticker@mail1").doesNotContain("sleep@");
        assertThat(fleet.ctl("ps", "--host", "mail1", "--host", "batch1").out().lines().count()).isEqualTo(5);
        assertThat(fleet.ctl("logs", "-n", "1", "ticker").out()).startsWith("tick ");
        var nosuch = fleet.ctl("ps", "--host", "nosuch");
        assertThat(nosuch.exit()).isEqualTo(3);
        assertThat(nosuch.err().strip()).isEqualTo("dmonctl: unknown host 'nosuch'");
        assertThat(fleet.ctl("stop", "--host", "batch1").out().lines().sorted().toList())
                .containsExactly("sleep-2@batch1", "sleep@batch1");
        await("batch1's jobs stopped", WAIT, () -> state("sleep@batch1").equals("STOPPED")
                && state("sleep-2@batch1").equals("STOPPED"));
        assertThat(state("sleep@mail1")).isEqualTo("RUNNING");
    }

    @Test
    void aRootAgentWithoutAllowRootRefusesARootJobAndSaysWhyInPsAndEvents() throws Exception {
        fleet.startAgent("strict1", "role=strict", false);
        Path marker = dir.resolve("strict-ran");
        var run = fleet.ctl("run", "--host", "strict1", "--name", "root", "-1", "sh", "-c", "id -u > " + marker);
        assertThat(run.exit()).as(run.err()).isZero();
        await("refused", WAIT, () -> state("root@strict1").equals("REFUSED"));
        String why = "refused: the command would run as root (no -u, agent is root) and this agent was started "
                + "without --allow-root";
        assertThat(fleet.ctl("ps", "root@strict1").out()).contains(" REFUSED ").contains(why);
        await("the refusal in events", WAIT, () -> fleet.ctl("events", "-n", "100").out().lines()
                .anyMatch(l -> l.contains("root@strict1 state (REFUSED, the command would run as root")));
        assertThat(fleet.ctl("events", "-n", "100").out()).doesNotContain("root@strict1 cmd start");
        assertThat(marker).doesNotExist();

        var attached = fleet.ctl("run", "--host", "strict1", "--name", "attached", "-n", "-1", "true");
        assertThat(attached.exit()).isEqualTo(1);
        assertThat(attached.err()).contains("dmonctl: attached@strict1 REFUSED by its agent: the command would run as root");
    }

    @Test
    void theCoordinatorSpeaksOnlyMutualTlsWithCertificatesOfTheFleetsCa() throws Exception {
        assertThat(fleet.ctl("hosts").exit()).isZero();
        assertThat(Files.readString(dir.resolve("coordinator.log"))).contains("(mutual TLS)");

        assertThat(fleet.ctlAs(null, "hosts").exit()).as("plaintext").isEqualTo(4);
        Path otherCa = dir.resolve("other-ca");
        CertificateAuthority stranger = CertificateAuthority.create();
        stranger.createCa(otherCa);
        Path mallory = dir.resolve("mallory");
        stranger.issue(otherCa, new Principal(Role.ADMIN, "mallory"), List.of(), List.of(), Duration.ofDays(1), mallory);
        assertThat(fleet.ctlAs(mallory, "hosts").exit()).as("another CA's admin").isEqualTo(4);
    }

    @Test
    void logsFollowPrintsNewLinesAsTheyComeFromTwoJobsMerged() throws Exception {
        fleet.startAgent("mail1", "role=mail");
        fleet.startAgent("batch1", "role=batch");
        fleet.ctl("run", "--host", "mail1", "--name", "a", "sh", "-c", "i=0; while :; do i=$((i+1)); echo a$i; sleep 0.1; done");
        fleet.ctl("run", "--host", "batch1", "--name", "b", "sh", "-c", "i=0; while :; do i=$((i+1)); echo b$i; sleep 0.1; done");
        Process follow = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "io.dmon.cli.DmonCtl",
                "--coordinator", fleet.address(), "--tls-dir", fleet.ctlTlsDir().toString(), "logs", "-f", "-n", "0", "a@mail1", "b@batch1").start();
        try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(follow.getInputStream()))) {
            java.util.Set<String> prefixes = new java.util.HashSet<>();
            int lines = 0;
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (lines < 40 && System.nanoTime() < deadline) {
                String line = out.readLine();
                if (line == null) {
                    break;
                }
                assertThat(line).matches("(a@mail1\\| a|b@batch1\\| b)\\d+");
                prefixes.add(line.substring(0, line.indexOf('|')));
                lines++;
            }
            assertThat(lines).as("lines followed live").isEqualTo(40);
            assertThat(prefixes).containsExactlyInAnyOrder("a@mail1", "b@batch1");
        } finally {
            follow.destroy();
            follow.waitFor();
        }
    }

    @Test
    void anAttachedRunStreamsOutputAndEndsWithTheJobsStatus() throws Exception {
        fleet.startAgent("mail1", "role=mail");
        var ok = fleet.ctl("run", "--host", "mail1", "-n", "-1", "sh", "-c", "echo hello from mail1");
        assertThat(ok.exit()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("hello from mail1");
        var failed = fleet.ctl("run", "--host", "mail1", "-n", "-m", "0", "sh", "-c", "echo failing; exit 3");
        assertThat(failed.exit()).isEqualTo(3);
        assertThat(failed.out()).contains("failing");
    }

    @Test
    void termOrHupToAnAttachedRunStopsTheJobAndExitsWith128PlusTheSignal() throws Exception {
        fleet.startAgent("mail1", "role=mail");
        int n = 0;
        for (String signal : List.of("TERM", "HUP")) {
            String name = "attached" + (++n);
            Process ctl = fleet.startCtl("ctl-" + name, "run", "--host", "mail1", "--name", name, "-n", "sleep", "600");
            await(name + " running", WAIT, () -> alive(pid(name + "@mail1")));
            // dmonctl takes the signals over before it asks for the job, so no signal can leave it running.
            new ProcessBuilder("kill", "-" + signal, Long.toString(ctl.pid())).start().waitFor();
            assertThat(ctl.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).as("dmonctl ends").isTrue();
            assertThat(ctl.exitValue()).isEqualTo(signal.equals("TERM") ? 143 : 129);
            assertThat(state(name + "@mail1")).isEqualTo("STOPPED");
            assertThat(Files.readString(dir.resolve("ctl-" + name + ".log")))
                    .contains("dmonctl: SIG" + signal + ": stopping " + name + "@mail1");
        }
    }

    @Test
    void theLoadOfTheAgentsHostPausesTheJobsWholeGroup() throws Exception {
        fleet.startAgent("batch1", "role=batch");
        fleet.ctl("run", "--host", "batch1", "--name", "rsync", "-L", "4", "sh", "-c", "sleep 600 & sleep 600");
        await("running", WAIT, () -> alive(pid("rsync@batch1")));
        int pgid = pid("rsync@batch1");
        await("two or more in the group", WAIT, () -> group(pgid).size() >= 2);

        fleet.setLoad("batch1", 9.0);
        await("paused", WAIT, () -> state("rsync@batch1").equals("PAUSED"));
        await("whole group stopped", WAIT, () -> group(pgid).stream().allMatch(ProcStat::stopped));

        fleet.setLoad("batch1", 1.0);
        await("resumed", WAIT, () -> state("rsync@batch1").equals("RUNNING"));
        await("whole group running", WAIT, () -> group(pgid).stream().noneMatch(ProcStat::stopped));
    }

    @Test
    void aKilledAgentComesBackWithoutDuplicatesAndWithoutRerunningCompletedJobs() throws Exception {
        Process agent = fleet.startAgent("mail1", "role=mail");
        Path marker = dir.resolve("once-ran");
        fleet.ctl("run", "--host", "mail1", "--name", "quiet", "sleep", "600");
        fleet.ctl("run", "--host", "mail1", "--name", "once", "-1", "sh", "-c", "echo ran >> " + marker);
        await("quiet running, once completed", WAIT, () -> alive(pid("quiet@mail1"))
                && state("once@mail1").equals("COMPLETED"));
        int running = pid("quiet@mail1");

        Fleet.kill9(agent);
        assertThat(alive(running)).as("kill -9 of the agent leaves its job running").isTrue();
        await("host DOWN", WAIT, () -> fleet.ctl("hosts").out().contains(" DOWN "));
        assertThat(state("quiet@mail1")).as("a job on a DOWN host is not claimed RUNNING").isEqualTo("UNKNOWN");
        assertThat(psJson()).contains("\"last_state\":\"RUNNING\"");
        assertThat(fleet.ctl("ps").out()).contains("host DOWN since ");

        fleet.startAgent("mail1", "role=mail");
        await("quiet taken over, the same process", WAIT, () -> state("quiet@mail1").equals("RUNNING")
                && pid("quiet@mail1") == running);
        assertThat(alive(running)).isTrue();
        assertThat(processesRunning("sleep 600")).as("exactly one instance").isEqualTo(1);
        assertThat(state("once@mail1")).isEqualTo("COMPLETED");
        assertThat(Files.readAllLines(marker)).as("the -1 job ran once").containsExactly("ran");
    }

    @Test
    void aCoordinatorRestartedWithEmptyMemoryLearnsTheFleetBack() throws Exception {
        fleet.startAgent("mail1", "role=mail");
        fleet.startAgent("batch1", "role=batch");
        fleet.ctl("run", "--host", "mail1", "--name", "ticker", "sh", "-c",
                "i=0; while :; do i=$((i+1)); echo tick $i; sleep 0.2; done");
        fleet.ctl("run", "--host", "batch1", "--name", "quiet", "sleep", "600");
        await("both running", WAIT, () -> alive(pid("ticker@mail1")) && alive(pid("quiet@batch1")));
        int ticker = pid("ticker@mail1");

        Fleet.kill9(fleet.coordinator());
        assertThat(fleet.ctl("ps").exit()).as("no coordinator answers").isEqualTo(4);
        assertThat(alive(ticker)).as("jobs run on without a coordinator").isTrue();
        fleet.startCoordinator();

        await("the jobs are known again", WAIT, () -> state("ticker@mail1").equals("RUNNING")
                && state("quiet@batch1").equals("RUNNING"));
        assertThat(pid("ticker@mail1")).as("the same process, not a restart").isEqualTo(ticker);
        await("hosts UP again", WAIT, () -> fleet.ctl("hosts").out().lines().filter(l -> l.contains(" UP ")).count() == 2);
        await("output flows through the new coordinator", WAIT, () -> fleet.ctl("logs", "-n", "5", "ticker@mail1")
                .out().lines().count() == 5);
    }

    @Test
    void badInputIsOneLineWithADistinctStatus() throws Exception {
        fleet.startAgent("mail1", "role=mail");
        var unknownHost = fleet.ctl("run", "--host", "nohost", "true");
        assertThat(unknownHost.exit()).isEqualTo(3);
        assertThat(unknownHost.err().strip()).isEqualTo("dmonctl: unknown host 'nohost'");
        var unknownJob = fleet.ctl("logs", "nosuch@mail1");
        assertThat(unknownJob.exit()).isEqualTo(3);
        assertThat(unknownJob.err().strip().lines()).hasSize(1);
        var badOption = fleet.ctl("run", "--host", "mail1", "-L", "high", "true");
        assertThat(badOption.exit()).isEqualTo(2);
        assertThat(badOption.err().strip().lines()).hasSize(1);
        var noSelector = fleet.ctl("run", "true");
        assertThat(noSelector.exit()).isEqualTo(2);
        var badSignal = fleet.ctl("signal", "nosuch@mail1", "FROB");
        assertThat(badSignal.exit()).isNotZero();
        assertThat(badSignal.err().strip().lines()).hasSize(1);
    }

    private static List<ProcStat> group(int pgid) {
        try (var s = Files.list(Path.of("/proc"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
                    .map(n -> ProcStat.read(Integer.parseInt(n))).flatMap(Optional::stream)
                    .filter(st -> st.pgrp() == pgid && st.state() != 'Z').toList();
        } catch (java.io.IOException e) {
            return List.of();
        }
    }

    /**
     * Live processes with this command line started by this test's agents (their working
     * directory is in the agent's state directory, under this test's folder): other fleets on the
     * machine run the same commands.
     */
    private long processesRunning(String commandLine) throws Exception {
        Path ours = dir.toRealPath();
        try (var s = Files.list(Path.of("/proc"))) {
            return s.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).filter(p -> {
                try {
                    String cmd = new String(Files.readAllBytes(p.resolve("cmdline"))).replace('\0', ' ').strip();
                    return cmd.equals(commandLine) && Files.readSymbolicLink(p.resolve("cwd")).startsWith(ours)
                            && ProcStat.read(Integer.parseInt(p.getFileName().toString()))
                            .filter(st -> st.state() != 'Z').isPresent();
                } catch (java.io.IOException e) {
                    return false;
                }
            }).count();
        }
    }
}
