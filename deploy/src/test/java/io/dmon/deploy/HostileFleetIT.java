package io.dmon.deploy;

import static io.dmon.deploy.Fleet.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.agent.process.ProcStat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A coordinator and an agent as real JVMs on loopback: jobs removed with dmonctl rm (refused while
 * running, then forced: the process ends, the job is gone everywhere), and a host whose jobs add
 * up to more than a gRPC message registering and receiving them all again after a kill -9.
 */
class HostileFleetIT extends FleetTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @BeforeEach
    void start() throws Exception {
        fleet = new Fleet(dir);
        fleet.startCoordinator();
    }

    @Test
    void rmRefusesARunningJobThenForcedStopsAndForgetsIt() throws Exception {
        fleet.startAgent("web1", "role=web");
        ok("run", "--host", "web1", "--name", "srv", "--tag", "t1", "sleep", "613");
        await("srv running", WAIT, () -> pid("srv@web1") > 0);
        int pid = pid("srv@web1");

        Fleet.Ctl refused = fleet.ctl("rm", "srv@web1");
        assertThat(refused.exit()).isEqualTo(5);
        assertThat(refused.err()).isEqualTo(
                "dmonctl: job 'srv@web1' is RUNNING: stop it first, or remove it with --force (nothing was removed)\n");
        assertThat(alive(pid)).isTrue();

        Fleet.Ctl removed = ok("rm", "--tag", "t1", "--force");
        assertThat(removed.out()).isEqualTo("removed 1 job: srv@web1\n");
        await("the process ended", WAIT, () -> !alive(pid));
        assertThat(fleet.ctl("ps").out()).doesNotContain("srv@web1");
        assertThat(ok("events").out()).contains("srv@web1 removed (by ");
        assertThat(fleet.ctl("rm", "srv@web1").exit()).isEqualTo(3);
    }

    @Test
    void aHostWithMoreThanAMessageOfJobsComesBackWholeAfterAKill9() throws Exception {
        Process agent = fleet.startAgent("big1", "role=big");
        int jobs = 70;
        // Four -E values of 15 KB each: about 60 KB a job, under the spec limit; 70 jobs, about 4.2 MB.
        String pad = "x".repeat(15_000);
        for (int i = 0; i < jobs; i++) {
            List<String> args = new ArrayList<>(List.of("run", "--host", "big1", "--name", "j" + i));
            for (int e = 0; e < 4; e++) {
                args.addAll(List.of("-E", "PAD" + e + "=" + pad));
            }
            args.addAll(List.of("sleep", "614"));
            ok(args.toArray(new String[0]));
        }
        await("every job running", WAIT, () -> running() == jobs);

        Fleet.kill9(agent);
        fleet.startAgent("big1", "role=big");
        await("every job running under the new agent", WAIT, () -> running() == jobs);
        assertThat(fleet.ctl("hosts").out()).containsPattern("big1\\s+UP");
    }

    private long running() {
        return fleet.ctl("ps").out().lines().filter(l -> l.startsWith("j") && l.contains(" RUNNING ")).count();
    }

    /** The pid of a job in `ps --json`, 0 when none. */
    private int pid(String job) {
        String json = fleet.ctl("ps", "--json").out();
        int at = json.indexOf("\"id\":\"" + job + "\"");
        if (at < 0) {
            return 0;
        }
        int p = json.indexOf("\"pid\":", at);
        String value = json.substring(p + 6, json.indexOf(',', p)).trim();
        return value.equals("null") ? 0 : Integer.parseInt(value);
    }

    private static boolean alive(int pid) {
        return pid > 0 && ProcStat.read(pid).filter(s -> s.state() != 'Z').isPresent();
    }
}
