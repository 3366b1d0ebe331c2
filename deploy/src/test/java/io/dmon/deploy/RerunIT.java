package io.dmon.deploy;

import static io.dmon.deploy.Fleet.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A job removed and run again under the same name (the same job id) is a new job with a log of its
 * own: {@code dmonctl run -n} prints every line of the new job and {@code logs -n all} holds exactly
 * those, none of the removed job's, whether the removed job had stopped, was removed running
 * ({@code rm --force}), or was removed while its agent was away; and a {@code logs -f} started
 * before the removal prints the new job's lines after the old job's, with a notice.
 */
class RerunIT extends FleetTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String JOB = "x@h1";

    @BeforeEach
    void start() throws Exception {
        fleet = new Fleet(dir);
        fleet.startCoordinator();
    }

    @Test
    void aStoppedJobRemovedAndRunAgainHasOnlyItsNewLines() throws Exception {
        fleet.startAgent("h1", "role=a");
        ok("run", "--host", "h1", "--name", "x", "-1", "sh", "-c", numbered("old", 200));
        await("the first job completed with its 200 lines", WAIT, () -> ps().contains("COMPLETED")
                && logs().size() == 200);
        ok("rm", JOB);

        Fleet.Ctl rerun = ok("run", "--host", "h1", "--name", "x", "-n", "-1", "sh", "-c", numbered("new", 30));

        assertThat(rerun.out().lines().toList()).isEqualTo(expected("new", 30));
        assertThat(logs()).isEqualTo(expected("new", 30));
    }

    @Test
    void aRunningJobRemovedByForceAndRunAgainHasOnlyItsNewLines() throws Exception {
        fleet.startAgent("h1", "role=a");
        ok("run", "--host", "h1", "--name", "x", "sh", "-c", "i=0; while :; do i=$((i+1)); echo old $i; sleep 0.005; done");
        await("the first job printed 300 lines", WAIT, () -> logs().size() >= 300);
        ok("rm", "--force", JOB);

        Fleet.Ctl rerun = ok("run", "--host", "h1", "--name", "x", "-n", "-1", "sh", "-c", numbered("new", 30));

        assertThat(rerun.out().lines().toList()).isEqualTo(expected("new", 30));
        assertThat(logs()).isEqualTo(expected("new", 30));
    }

    @Test
    void aJobRemovedWhileItsAgentWasAwayAndRunAgainHasOnlyItsNewLines() throws Exception {
        Process agent = fleet.startAgent("h1", "role=a");
        ok("run", "--host", "h1", "--name", "x", "-1", "sh", "-c", numbered("old", 200));
        await("the first job completed with its 200 lines", WAIT, () -> ps().contains("COMPLETED")
                && logs().size() == 200);
        Fleet.kill9(agent);
        await("h1 is down", WAIT, () -> fleet.ctl("hosts").out().lines()
                .anyMatch(l -> l.startsWith("h1 ") && !l.contains(" UP ")));
        ok("rm", JOB);
        fleet.startAgent("h1", "role=a");

        Fleet.Ctl rerun = ok("run", "--host", "h1", "--name", "x", "-n", "-1", "sh", "-c", numbered("new", 30));

        assertThat(rerun.out().lines().toList()).isEqualTo(expected("new", 30));
        assertThat(logs()).isEqualTo(expected("new", 30));
    }

    @Test
    void aFollowerStartedBeforeTheRemovalPrintsTheNewJobsLinesAfterTheOld() throws Exception {
        fleet.startAgent("h1", "role=a");
        // Both jobs stay RUNNING after their lines: logs -f of jobs by id ends once they have finished.
        ok("run", "--host", "h1", "--name", "x", "sh", "-c", numbered("old", 200) + "; exec sleep 600");
        await("the first job printed its 200 lines", WAIT, () -> logs().size() == 200);
        Process follower = fleet.ctlProcess("logs", "-f", "-n", "all", JOB);
        List<String> printed = Collections.synchronizedList(new ArrayList<>());
        Thread reader = new Thread(() -> {
            try (var out = new BufferedReader(new InputStreamReader(follower.getInputStream(),
                    StandardCharsets.UTF_8))) {
                out.lines().forEach(printed::add);
            } catch (IOException e) {
                // The follower was ended by the test.
            }
        });
        reader.start();
        try {
            await("the follower printed the first job's lines", WAIT, () -> printed.size() >= 200);
            assertThat(follower.isAlive()).as("dmonctl logs -f follows the running job").isTrue();
            ok("rm", "--force", JOB);
            ok("run", "--host", "h1", "--name", "x", "sh", "-c", numbered("new", 30) + "; exec sleep 600");

            await("the follower printed the new job's 30 lines", WAIT, () -> printed.size() >= 230);
            // Printed while following, not by a last look of a dmonctl that ended.
            assertThat(follower.isAlive()).as("dmonctl logs -f still follows").isTrue();
            List<String> all = new ArrayList<>(expected("old", 200));
            all.addAll(expected("new", 30));
            assertThat(List.copyOf(printed)).isEqualTo(all);
            await("the notice of the new job", WAIT, () -> errors().contains(JOB + ": removed and run again"));
        } finally {
            follower.destroy();
            reader.join(10_000);
        }
    }

    private String errors() {
        try {
            return Files.readString(dir.resolve("dmonctl.err"));
        } catch (IOException e) {
            return "";
        }
    }

    private static String numbered(String word, int lines) {
        return "for i in $(seq 1 " + lines + "); do echo " + word + " $i; done";
    }

    private static List<String> expected(String word, int lines) {
        return IntStream.rangeClosed(1, lines).mapToObj(i -> word + " " + i).toList();
    }

    private List<String> logs() {
        return ok("logs", "-n", "all", JOB).out().lines().toList();
    }

    private String ps() {
        return fleet.ctl("ps").out();
    }

}
