package io.dmon.deploy;

import static io.dmon.deploy.Fleet.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A real coordinator started with {@code --max-host-jobs 2} and its agent: dmonctl's third run
 * on the host is refused in one line with the conflict status, nothing is created, and a job
 * removed makes room again.
 */
class JobQuotaIT extends FleetTest {
    @Test
    void aRunOverTheHostLimitIsRefusedInOneLineUntilAJobIsRemoved() throws Exception {
        fleet = new Fleet(dir).coordinatorOptions("--max-host-jobs", "2");
        fleet.startCoordinator();
        fleet.startAgent("q1", "role=batch");
        ok("run", "--host", "q1", "--name", "a", "sleep", "600");
        ok("run", "--host", "q1", "--name", "b", "sleep", "600");

        Fleet.Ctl refused = fleet.ctl("run", "--host", "q1", "--name", "c", "sleep", "600");
        assertThat(refused.exit()).isEqualTo(5);
        assertThat(refused.err()).isEqualTo("dmonctl: host 'q1' holds 2 jobs, the coordinator's limit for one host"
                + " (--max-host-jobs 2); remove jobs with dmonctl rm\n");
        assertThat(fleet.ctl("ps").out()).contains("a@q1", "b@q1").doesNotContain("c@q1");

        ok("rm", "--force", "b@q1");
        ok("run", "--host", "q1", "--name", "c", "sleep", "600");
        await("c running", Duration.ofSeconds(60), () -> fleet.ctl("ps").out().lines()
                .anyMatch(l -> l.contains("c@q1") && l.contains("RUNNING")));
    }

}
