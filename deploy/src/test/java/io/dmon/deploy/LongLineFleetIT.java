package io.dmon.deploy;

import static io.dmon.deploy.Fleet.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A {@code -1} job that prints 1.3 GB without a newline, through a real agent held to the heap its
 * launcher gives it (256 MiB, exit on OutOfMemoryError): the agent once died of such a line and,
 * restarted, ran the job again and died again. Now the line is cut into marked pieces on its way
 * to the store, the agent lives within its heap, and the job runs once and completes.
 */
class LongLineFleetIT extends FleetTest {
    private static final long LINE = 1_300_000_000L;
    private static final Duration WAIT = Duration.ofMinutes(5);
    /** The agent's launcher heap; its resident set may add metaspace, code, stacks and buffers. */
    private static final List<String> AGENT_JVM = List.of("-Xmx256m", "-XX:+ExitOnOutOfMemoryError");
    private static final long RSS_BOUND_KIB = 512 * 1024;

    @Test
    void aJobPrintingOnePointThreeGigabytesWithoutANewlineRunsOnceAndTheAgentLivesWithinItsHeap() throws Exception {
        fleet = new Fleet(dir);
        fleet.startCoordinators();
        Process agent = fleet.startAgent("h1", "role=a", true, AGENT_JVM);
        String job = "head -c " + LINE + " /dev/zero | tr '\\0' x; echo; echo after";

        Fleet.Ctl run = fleet.ctl("run", "--host", "h1", "--name", "long", "-1", "sh", "-c", job);
        assertThat(run.exit()).as("run: %s", run.err()).isZero();
        await("the job COMPLETED", WAIT, () -> psLine().contains(" COMPLETED "));

        assertThat(agent.isAlive()).as("the agent is alive").isTrue();
        long peakKib = statusKib(agent.pid(), "VmHWM");
        System.out.println("LongLineFleetIT: agent peak RSS " + peakKib / 1024 + " MiB");
        assertThat(peakKib).as("the agent's peak resident set, KiB").isLessThan(RSS_BOUND_KIB);
        String ps = psLine();
        assertThat(ps.split("\\s+")[4]).as("RESTARTS in '%s'", ps).isEqualTo("0");
        // The pieces are still on their way to the coordinators when the job has ended.
        await("the last line stored", WAIT, () -> fleet.ctl("logs", "-n", "1", "long@h1").out().equals("after\n"));
        assertThat(agent.isAlive()).as("the agent is alive once every piece was shipped").isTrue();
        assertThat(statusKib(agent.pid(), "VmHWM")).as("the agent's peak resident set, KiB").isLessThan(RSS_BOUND_KIB);
        String agentLog = Files.readString(dir.resolve("agent-h1.log"));
        assertThat(agentLog).doesNotContain("OutOfMemoryError");
    }

    private String psLine() {
        return fleet.ctl("ps", "long@h1").out().lines().filter(l -> l.startsWith("long@h1 ")).findFirst().orElse("");
    }

    private static long statusKib(long pid, String field) throws java.io.IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").strip());
            }
        }
        throw new java.io.IOException("no " + field + " in /proc/" + pid + "/status");
    }
}
