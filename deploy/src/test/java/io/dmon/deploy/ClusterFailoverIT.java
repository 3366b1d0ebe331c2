package io.dmon.deploy;

import static io.dmon.deploy.Fleet.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.agent.state.FileNames;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Coordinators killed with -9 under a job that prints a counter: the agent goes on with another
 * coordinator within seconds, and the history read through another coordinator is the counter
 * without a gap or a repeat; with every coordinator gone, a fresh one learns the job back, gets
 * the spooled lines and reads the rest of the history back from the host; a spool that overflows meanwhile says so once, and its gap is accepted.
 */
class ClusterFailoverIT extends FleetTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** The promise: an agent whose coordinator died is with another one within seconds. */
    private static final Duration FAILOVER = Duration.ofSeconds(15);
    private static final String COUNTER = "i=0; while :; do i=$((i+1)); echo $i; sleep 0.01; done";
    private static final String JOB = "counter@h1";

    private Fleet cluster(int coordinators) throws Exception {
        fleet = new Fleet(dir, coordinators).coordinatorOptions("--log-capacity", "100000");
        fleet.startCoordinators();
        return fleet;
    }

    @Test
    void aKilledCoordinatorLosesNoLineAndPsAndHostsStayRightThroughEveryOther() throws Exception {
        cluster(3);
        fleet.startAgent("h1", "role=a");
        assertThat(fleet.ctl("run", "--host", "h1", "--name", "counter", "sh", "-c", COUNTER).exit()).isZero();
        await("lines stored", WAIT, () -> history(0).size() >= 100);
        int pid = pid(0);

        int holder = holder(0);
        assertThat(holder).as("the agent's session is with one of the coordinators").isNotNegative();
        Fleet.kill9(fleet.coordinator(holder));
        int other = (holder + 1) % fleet.size();
        long killedAt = System.nanoTime();
        await("the agent is with another coordinator", FAILOVER, () -> {
            int now = holder(other);
            return now >= 0 && now != holder;
        });
        long failoverMs = (System.nanoTime() - killedAt) / 1_000_000;
        System.out.println("ClusterFailoverIT: agent with another coordinator " + failoverMs + " ms after the kill");
        int linesAtFailover = history(other).size();
        await("more lines through the new session", WAIT, () -> history(other).size() >= linesAtFailover + 200);

        // Every coordinator left sees the same history: the counter, from 1, each line once.
        for (int i = 0; i < fleet.size(); i++) {
            if (i == holder) {
                continue;
            }
            List<Long> lines = history(i);
            assertContiguous(lines, 1);
            // ps and hosts are right through each: the same process, the host up with a live coordinator.
            int via = i;
            await("ps through coordinator " + i, WAIT, () -> psLine(via).contains(" RUNNING "));
            assertThat(pid(i)).as("the job ran on untouched").isEqualTo(pid);
            assertThat(fleet.ctlVia(i, "hosts").out()).containsPattern("(?m)^h1 +UP ");
            assertThat(holder(i)).isNotEqualTo(holder).isNotNegative();
        }
    }

    @Test
    void aFreshClusterAfterATotalOutageLearnsTheJobBackAndGetsTheSpooledLines() throws Exception {
        cluster(3);
        fleet.startAgent("h1", "role=a");
        fleet.ctl("run", "--host", "h1", "--name", "counter", "sh", "-c", COUNTER);
        await("lines stored", WAIT, () -> history(0).size() >= 100);
        int pid = pid(0);

        for (int i = 0; i < fleet.size(); i++) {
            Fleet.kill9(fleet.coordinator(i));
        }
        // Everything the dead cluster acknowledged is gone with it; the agent keeps the rest.
        Thread.sleep(3000);
        long acked = ackedOnTheAgent();
        assertThat(fleet.ctl("ps").exit()).as("no coordinator answers").isEqualTo(4);

        fleet.startCoordinator(1);
        await("the job is known again", WAIT, () -> psLine(1).contains(" RUNNING "));
        assertThat(pid(1)).as("the same process, not a restart").isEqualTo(pid);
        await("the spooled lines and new ones arrived", WAIT, () -> {
            List<Long> lines = history(1);
            return !lines.isEmpty() && lines.get(lines.size() - 1) > acked + 400;
        });
        // The fresh cluster's ring starts at the first line the old one had not acknowledged; what
        // it had is read back from the host's own store: the whole history, without a gap.
        List<Long> lines = history(1);
        assertThat(lines.get(0)).as("from the job's first line, kept by its host").isEqualTo(1);
        assertThat(lines).as("past what the dead cluster acknowledged").contains(acked + 1);
        assertContiguous(lines, 1);
    }

    @Test
    void aSpoolOverflowWhileNoCoordinatorIsUpIsOneEventAndItsGapIsAccepted() throws Exception {
        cluster(1);
        fleet.startAgent("h1", "role=a", "--spool-max-bytes", "64k");
        String pad = "x".repeat(100);
        fleet.ctl("run", "--host", "h1", "--name", "counter", "sh", "-c",
                "i=0; while :; do i=$((i+1)); echo \"$i " + pad + "\"; sleep 0.005; done");
        await("lines stored", WAIT, () -> history(0).size() >= 50);

        Fleet.kill9(fleet.coordinator());
        Path agentLog = dir.resolve("agent-h1.log");
        await("the spool overflowed", WAIT, () -> read(agentLog).contains("log spool over its limit"));
        fleet.startCoordinator();

        Pattern event = Pattern.compile(JOB + " spool overflow .*spool full at 64 KiB: (\\d+) lines dropped \\(seq (\\d+)-(\\d+)\\)");
        await("the overflow event", WAIT, () -> event.matcher(fleet.ctl("events", "-n", "1000").out()).find());
        String events = fleet.ctl("events", "-n", "1000").out();
        Matcher m = event.matcher(events);
        assertThat(m.find()).isTrue();
        long dropped = Long.parseLong(m.group(1));
        long first = Long.parseLong(m.group(2));
        long last = Long.parseLong(m.group(3));
        assertThat(dropped).isEqualTo(last - first + 1).isPositive();
        assertThat(m.find()).as("one event for the episode").isFalse();

        await("lines after the gap flow", WAIT, () -> {
            List<Long> lines = history(0);
            return !lines.isEmpty() && lines.get(lines.size() - 1) > last + 200;
        });
        // Lines sent just before the spool dropped them may have arrived: the history is the
        // counter with exactly the reported lines missing.
        List<Long> lines = history(0);
        List<Long> before = lines.stream().filter(v -> v < first).toList();
        List<Long> after = lines.stream().filter(v -> v > last).toList();
        assertThat(before.size() + after.size()).as("nothing inside the reported gap").isEqualTo(lines.size());
        if (!before.isEmpty()) {
            assertContiguous(before, first - before.size());
        }
        assertContiguous(after, last + 1);
    }

    /** The counter values in the history kept by coordinator {@code i}. */
    private List<Long> history(int i) {
        Fleet.Ctl logs = fleet.ctlVia(i, "logs", "-n", "all", JOB);
        if (logs.exit() != 0) {
            return List.of();
        }
        List<Long> values = new ArrayList<>();
        for (String line : logs.out().split("\n")) {
            if (!line.isBlank()) {
                values.add(Long.parseLong(line.split(" ", 2)[0]));
            }
        }
        return values;
    }

    private static void assertContiguous(List<Long> lines, long from) {
        assertThat(lines).as("history").isNotEmpty();
        for (int k = 0; k < lines.size(); k++) {
            if (lines.get(k) != from + k) {
                throw new AssertionError("history not contiguous at index " + k + ": expected " + (from + k) + ", got "
                        + lines.get(k) + " (around: " + lines.subList(Math.max(0, k - 3), Math.min(lines.size(), k + 3)) + ")");
            }
        }
    }

    /** The index of the coordinator holding h1's session, as coordinator {@code via} sees it; -1 when none. */
    private int holder(int via) {
        Matcher m = Pattern.compile("\"name\":\"h1\"[^}]*?\"coordinator\":\"([^\"]*)\"").matcher(
                fleet.ctlVia(via, "hosts", "--json").out());
        return m.find() ? fleet.indexOf(m.group(1)) : -1;
    }

    /** The job's state in {@code ps --json} through coordinator {@code via}, with spaces around (" RUNNING "). */
    private String psLine(int via) {
        Matcher m = Pattern.compile("\"id\":\"" + JOB + "\"[^}]*?\"state\":\"([A-Z_]+)\"").matcher(
                fleet.ctlVia(via, "ps", "--json").out());
        return m.find() ? " " + m.group(1) + " " : "";
    }

    private int pid(int via) {
        Matcher m = Pattern.compile("\"id\":\"" + JOB + "\"[^}]*?\"pid\":(\\d+)").matcher(fleet.ctlVia(via, "ps", "--json").out());
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    /** The highest seq the agent holds as acknowledged (its spool's cursor file). */
    private long ackedOnTheAgent() throws IOException {
        Path cursor = dir.resolve("h1").resolve("spool").resolve(FileNames.of(JOB)).resolve("cursor");
        Properties p = new Properties();
        p.load(new StringReader(Files.readString(cursor)));
        return Long.parseLong(p.getProperty("acked"));
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
