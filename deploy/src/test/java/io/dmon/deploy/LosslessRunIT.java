package io.dmon.deploy;

import static io.dmon.deploy.Fleet.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code dmonctl run -n -1 seq 1000000} through the coordinators prints every line, in order, once:
 * with a reader that keeps up, with one that starts reading only after a pause (the job has long
 * finished and the coordinators' ring holds only its last lines: the rest comes from the host), and
 * across a kill -9 of the coordinator dmonctl talks to. dmonctl is a process of its own writing
 * into a pipe, as in {@code dmonctl run ... | (sleep 5; cat)}.
 */
class LosslessRunIT extends FleetTest {
    private static final int LINES = 1_000_000;
    private static final Duration WAIT = Duration.ofMinutes(4);

    @Test
    void aForegroundRunPrintsEveryLineInOrder() throws Exception {
        fleet = new Fleet(dir);
        fleet.startCoordinators();
        fleet.startAgent("h1", "role=a");
        assertEveryLine(fleet.ctlProcess("run", "--host", "h1", "-n", "-1", "seq", Integer.toString(LINES)), 0, null);
    }

    @Test
    void aForegroundRunReadSlowlyPrintsEveryLineInOrder() throws Exception {
        fleet = new Fleet(dir);
        fleet.startCoordinators();
        fleet.startAgent("h1", "role=a");
        Process ctl = fleet.ctlProcess("run", "--host", "h1", "-n", "-1", "seq", Integer.toString(LINES));
        // dmonctl fills the pipe and blocks; the job runs on and ends meanwhile.
        await("the job finished", WAIT, () -> fleet.ctl("ps").out().contains("COMPLETED"));
        assertEveryLine(ctl, 0, null);
    }

    @Test
    void aForegroundRunPrintsEveryLineInOrderAcrossAKilledCoordinator() throws Exception {
        fleet = new Fleet(dir, 3);
        fleet.startCoordinators();
        fleet.startAgent("h1", "role=a");
        Process ctl = fleet.ctlProcess("run", "--host", "h1", "-n", "-1", "seq", Integer.toString(LINES));
        // dmonctl talks to the first coordinator of its list while it answers.
        assertEveryLine(ctl, 100_000, () -> {
            try {
                Fleet.kill9(fleet.coordinator(0));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** The last lines of each coordinator's and agent's log, for the reader of a failure. */
    private void printLogs() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path log : files.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
                List<String> all = Files.readAllLines(log);
                System.out.println("--- " + log.getFileName() + " (last lines)");
                all.subList(Math.max(0, all.size() - 15), all.size()).forEach(System.out::println);
            }
        }
    }

    /**
     * Reads dmonctl's output to its end, checking line by line that it is 1, 2, ... LINES; runs
     * {@code midway} (when not null) once {@code at} lines were read.
     */
    private void assertEveryLine(Process ctl, int at, Runnable midway) throws Exception {
        CompletableFuture<Long> read = CompletableFuture.supplyAsync(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(ctl.getInputStream(), StandardCharsets.UTF_8))) {
                long expected = 1;
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (!line.equals(Long.toString(expected))) {
                        throw new AssertionError("line " + expected + " was '" + line + "'");
                    }
                    if (expected == at && midway != null) {
                        midway.run();
                    }
                    expected++;
                }
                return expected - 1;
            } catch (IOException e) {
                throw new AssertionError("reading dmonctl's output: " + e.getMessage(), e);
            }
        });
        long lines;
        try {
            lines = read.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } finally {
            printLogs();
        }
        assertThat(ctl.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        String errors = Files.exists(dir.resolve("dmonctl.err")) ? Files.readString(dir.resolve("dmonctl.err")) : "";
        assertThat(errors).as("dmonctl's errors").doesNotContain("skipped");
        assertThat(lines).as("lines printed (dmonctl said: %s)", errors).isEqualTo(LINES);
        assertThat(ctl.exitValue()).as("dmonctl's exit (it said: %s)", errors).isZero();
        System.out.println("LosslessRunIT: " + lines + " lines in order; dmonctl said: " + errors.strip());
    }
}
