package io.dmon.deploy;

import static io.dmon.deploy.Fleet.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.agent.process.ProcStat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An agent that goes away (killed with -9, stopped with TERM, or replaced by a rebuilt
 * distribution) and comes back after a pause, with a coordinator watching: every job keeps its
 * process, its RESTARTS and its uptime; a job printing all along loses no line and repeats none
 * (its history, read through the coordinator, is contiguous through the gap); a run that ended
 * meanwhile is an event with its real status. A monitor killed with -9 makes its job lost and
 * started again, never twice; a damaged job record does not lead to a second instance.
 */
class ReattachIT extends FleetTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final long PAUSE_MILLIS = 3_000;
    private static final String HOST = "r1";
    private static final String TICKER = "ticker@" + HOST;
    private static final String QUIET = "quiet@" + HOST;
    private static final String QUITTER = "quitter@" + HOST;
    private static final Pattern TICK = Pattern.compile("\"seq\":(\\d+),.*\"line\":\"tick (\\d+)\"");

    @BeforeEach
    void start() throws Exception {
        fleet = new Fleet(dir);
        fleet.startCoordinator();
    }

    /** What ps said of a job before the agent went away. */
    private record Seen(int pid, int restarts, long runStarted) {
    }

    @Test
    void anAgentKilledWithKill9ComesBackToTheSameJobs() throws Exception {
        Process agent = fleet.startAgent(HOST, "role=r");
        goneAndBack(() -> Fleet.kill9(agent), () -> fleet.startAgent(HOST, "role=r"));
    }

    @Test
    void anAgentStoppedWithTermLeavesItsJobsAndComesBackToThem() throws Exception {
        Process agent = fleet.startAgent(HOST, "role=r");
        goneAndBack(() -> {
            agent.destroy();
            assertThat(agent.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(agent.exitValue()).isZero();
        }, () -> fleet.startAgent(HOST, "role=r"));
        assertThat(Files.readString(dir.resolve("agent-" + HOST + ".log"))).contains("leaving the jobs running");
    }

    @Test
    void anAgentReplacedByARebuiltDistributionComesBackToTheSameJobs() throws Exception {
        Path dist = dir.resolve("dist");
        copyTree(Path.of(System.getProperty("dmon.dist", "target/dmon")), dist);
        Path monitorBinary = dist.resolve("lib/dmon-monitor");
        Process agent = fleet.startAgentFrom(dist, HOST, "role=r");
        goneAndBack(() -> {
            Fleet.kill9(agent);
            rebuild(dist);
        }, () -> fleet.startAgentFrom(dist, HOST, "role=r"));
        int oldMonitor = ProcStat.read(pid(QUIET)).orElseThrow().ppid();
        assertThat(Files.readSymbolicLink(Path.of("/proc", Integer.toString(oldMonitor), "exe")).toString())
                .as("a monitor of the old build goes on from its own, replaced, program").endsWith("(deleted)");
        ok("restart", QUIET);
        int before = pid(QUIET);
        await("quiet restarted under a new monitor", WAIT, () -> pid(QUIET) != 0 && pid(QUIET) != before
                && state(QUIET).equals("RUNNING"));
        int newMonitor = ProcStat.read(pid(QUIET)).orElseThrow().ppid();
        assertThat(Files.readSymbolicLink(Path.of("/proc", Integer.toString(newMonitor), "exe")))
                .as("a new run gets the new build's monitor").isEqualTo(monitorBinary.toRealPath());
    }

    @Test
    void aMonitorKilledWithKill9MakesItsJobLostAndStartedAgainOnce() throws Exception {
        fleet.startAgent(HOST, "role=r");
        ok("run", "--host", HOST, "--name", "quiet", "sleep", "918");
        await("quiet running", WAIT, () -> state(QUIET).equals("RUNNING") && alive(pid(QUIET)));
        int pid = pid(QUIET);
        int monitor = ProcStat.read(pid).orElseThrow().ppid();
        assertThat(Files.readString(Path.of("/proc", Integer.toString(monitor), "cmdline"))).contains("dmon-monitor");
        new ProcessBuilder("kill", "-9", Integer.toString(monitor)).start().waitFor();
        await("lost, then started again", WAIT, () -> state(QUIET).equals("RUNNING") && pid(QUIET) != pid
                && alive(pid(QUIET)));
        assertThat(alive(pid)).as("the run died with its monitor").isFalse();
        assertThat(events(QUIET)).containsPattern("quiet@r1 cmd lost " + pid + " \\(EXITED, its monitor is gone\\)");
        assertThat(restarts(QUIET)).isEqualTo(1);
        assertThat(running("sleep 918")).as("exactly one instance").isEqualTo(1);
    }

    @Test
    void aDamagedRecordAndAKilledAgentStillMakeExactlyOneInstance() throws Exception {
        Process agent = fleet.startAgent(HOST, "role=r");
        ok("run", "--host", HOST, "--name", "quiet", "sleep", "919");
        await("quiet running", WAIT, () -> state(QUIET).equals("RUNNING") && alive(pid(QUIET)));
        int pid = pid(QUIET);
        Files.writeString(fleet.stateDir(HOST).resolve("runtime").resolve(QUIET), "job=\ngarbage\n");
        Fleet.kill9(agent);
        fleet.startAgent(HOST, "role=r");
        await("running anew", WAIT, () -> state(QUIET).equals("RUNNING") && pid(QUIET) != pid && alive(pid(QUIET)));
        assertThat(alive(pid)).as("the run its damaged record lost was ended").isFalse();
        assertThat(running("sleep 919")).as("exactly one instance").isEqualTo(1);
        String log = Files.readString(dir.resolve("agent-" + HOST + ".log"));
        assertThat(log).contains("damaged job record, ignored").contains("no job record names this monitor");
    }

    /**
     * Three jobs (a ticker, a sleeper, one that exits 3 while the agent is away and then sleeps),
     * the agent {@code away}, a pause, the agent {@code back}: everything checked through dmonctl.
     */
    private void goneAndBack(Step away, Step back) throws Exception {
        ok("run", "--host", HOST, "--name", "ticker", "sh", "-c",
                "i=0; while :; do i=$((i+1)); echo tick $i; sleep 0.2; done");
        ok("run", "--host", HOST, "--name", "quiet", "sleep", "900");
        Path quit = dir.resolve("quit");
        ok("run", "--host", HOST, "--name", "quitter", "sh", "-c", "if [ -e " + quit + " ]; then exec sleep 901; fi;"
                + " while [ ! -e " + quit + " ]; do sleep 0.1; done; exit 3");
        await("all three running", WAIT, () -> List.of(TICKER, QUIET, QUITTER).stream()
                .allMatch(j -> state(j).equals("RUNNING") && alive(pid(j))));
        await("some ticks stored", WAIT, () -> ticks().size() >= 5);
        Seen ticker = seen(TICKER);
        Seen quiet = seen(QUIET);
        int quitter = pid(QUITTER);

        away.run();
        assertThat(alive(ticker.pid())).as("the ticker runs on without its agent").isTrue();
        Files.writeString(quit, "");
        await("the quitter exits while no agent is there", WAIT, () -> !alive(quitter));
        Thread.sleep(PAUSE_MILLIS);
        back.run();

        await("ticker and quiet taken over", WAIT, () -> state(TICKER).equals("RUNNING") && state(QUIET).equals("RUNNING")
                && pid(TICKER) == ticker.pid() && pid(QUIET) == quiet.pid());
        assertThat(seen(TICKER)).as("same process, restarts, uptime").isEqualTo(ticker);
        assertThat(seen(QUIET)).isEqualTo(quiet);
        await("the exit while away is an event with its real status", WAIT, () -> events(QUITTER).matches(
                "(?s).*quitter@r1 cmd exit " + quitter + " 768 \\(EXITED, ended while no agent was attached\\).*"));
        await("the quitter respawned by policy", WAIT, () -> state(QUITTER).equals("RUNNING") && alive(pid(QUITTER))
                && pid(QUITTER) != quitter);
        assertThat(restarts(QUITTER)).isEqualTo(1);
        int lastBefore = ticks().size();
        long pauseTicks = PAUSE_MILLIS / 200;
        await("ticks of the gap and after stored", WAIT, () -> ticks().size() > lastBefore + pauseTicks);
        List<long[]> ticks = ticks();
        for (int i = 0; i < ticks.size(); i++) {
            assertThat(ticks.get(i)).as("line %d of %d: seq and tick", i + 1, ticks.size())
                    .containsExactly(i + 1, i + 1);
        }
        assertThat(running("sleep 900")).as("exactly one instance").isEqualTo(1);
    }

    /** A rebuild as a build writes the distribution: new files renamed into place, a changed monitor among them. */
    private static void rebuild(Path dist) throws Exception {
        try (var jars = Files.list(dist.resolve("lib"))) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).toList()) {
                Path tmp = jar.resolveSibling(jar.getFileName() + ".new");
                Files.copy(jar, tmp);
                Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        }
        Path monitor = dist.resolve("lib/dmon-monitor");
        Path tmp = monitor.resolveSibling("dmon-monitor.new");
        byte[] program = Files.readAllBytes(monitor);
        byte[] changed = java.util.Arrays.copyOf(program, program.length + 16);
        Files.write(tmp, changed);
        tmp.toFile().setExecutable(true, false);
        Files.move(tmp, monitor, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void copyTree(Path from, Path to) throws Exception {
        Process cp = new ProcessBuilder("cp", "-a", from.toAbsolutePath().toString(), to.toString()).inheritIO().start();
        assertThat(cp.waitFor()).isZero();
    }

    private interface Step {
        void run() throws Exception;
    }

    private Seen seen(String job) {
        return new Seen(pid(job), restarts(job), (long) number(job, "run_started_unix_ms"));
    }

    /** The ticker's stored lines as {seq, tick}, in order, through the coordinator. */
    private List<long[]> ticks() {
        List<long[]> out = new ArrayList<>();
        for (String line : fleet.ctl("logs", "-n", "all", "--json", TICKER).out().lines().toList()) {
            Matcher m = TICK.matcher(line);
            if (m.find()) {
                out.add(new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))});
            }
        }
        return out;
    }

    private String events(String job) {
        return fleet.ctl("events", "-n", "1000", job).out();
    }

    private int pid(String job) {
        return (int) number(job, "pid");
    }

    private int restarts(String job) {
        return (int) number(job, "restarts");
    }

    private String state(String job) {
        String json = fleet.ctl("ps", "--json").out();
        int at = json.indexOf("\"id\":\"" + job + "\"");
        if (at < 0) {
            return "";
        }
        int s = json.indexOf("\"state\":\"", at) + 9;
        return json.substring(s, json.indexOf('"', s));
    }

    /** A number of a job's object in `ps --json`, 0 when none (or null). */
    private double number(String job, String field) {
        String json = fleet.ctl("ps", "--json").out();
        int at = json.indexOf("\"id\":\"" + job + "\"");
        if (at < 0) {
            return 0;
        }
        int end = json.indexOf("\"id\":\"", at + 1);
        int p = json.indexOf("\"" + field + "\":", at);
        if (p < 0 || (end > 0 && p > end)) {
            return 0;
        }
        int from = p + field.length() + 3;
        int to = from;
        while (to < json.length() && ",}".indexOf(json.charAt(to)) < 0) {
            to++;
        }
        String value = json.substring(from, to).trim();
        return value.equals("null") ? 0 : Double.parseDouble(value);
    }

    private static boolean alive(int pid) {
        return pid > 0 && ProcStat.read(pid).filter(s -> s.state() != 'Z').isPresent();
    }

    /** Live processes with this command line whose working directory is in this test's folder. */
    private long running(String commandLine) throws Exception {
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
