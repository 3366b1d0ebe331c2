package io.dmon.agent.host;

import static io.dmon.agent.host.HostFixture.await;
import static io.dmon.agent.host.HostFixture.groupRunning;
import static io.dmon.agent.host.HostFixture.groupStopped;
import static io.dmon.agent.host.HostFixture.job;
import static io.dmon.agent.host.HostFixture.sleeper;
import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.agent.process.Signals;
import io.dmon.agent.supervise.JobEvent.Kind;
import io.dmon.agent.supervise.JobState;
import io.dmon.proto.v1.Job;
import io.dmon.proto.v1.JobChange;
import io.dmon.proto.v1.Pause;
import io.dmon.spec.JobSpec;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operator pauses and fleet gates (Job.pause, Job.gates) as the host applies them, against real
 * process groups: every process of the group must be stopped (T in /proc), and nothing may start
 * while a hold remains.
 */
class JobHostPauseTest {
    @TempDir
    Path dir;

    /** A shell with two sleeping children in its group: three processes to stop. */
    private static Job family(String name) {
        return job(name, 1, JobSpec.builder().command("sh", "-c",
                "echo $$ >> \"$OUT/" + name + ".pids\"; sleep 600 & sleep 600; wait").build());
    }

    private static Job paused(Job job, String pauseId, long leaseMs) {
        return job.toBuilder().setPause(Pause.newBuilder().setId(pauseId).setSinceUnixMs(1).setLeaseMs(leaseMs)
                .setBy("alice@ops1")).build();
    }

    private static JobChange change(Job job) {
        return JobChange.newBuilder().setJob(job).build();
    }

    private static long count(HostFixture f, String name, Kind kind) {
        return f.events.stream().filter(e -> e.jobId().equals(name + "@test") && e.event().kind() == kind).count();
    }

    private static List<String> reasons(JobReport r) {
        return r.holds().stream().map(JobHold::reason).toList();
    }

    @Test
    void aPauseStopsTheWholeGroupAndAResumeRunsItAgain() throws Exception {
        Job fam = family("fam");
        try (HostFixture f = new HostFixture(dir)) {
            f.reconcile(List.of(fam));
            await("running", () -> f.pids("fam").size() == 1);
            int pgid = f.pids("fam").get(0);
            await("three processes running", () -> groupRunning(pgid, 3));

            long asked = System.currentTimeMillis();
            f.apply(change(paused(fam, "p1", 0)));
            await("every process of the group stopped", () -> groupStopped(pgid, 3));
            long took = System.currentTimeMillis() - asked;
            // A second on a healthy host (issue 4); twice that here, where other builds share the cores.
            assertThat(took).as("stopped in %d ms", took).isLessThan(2_000);
            await("reported paused", () -> f.report("fam").snapshot().state() == JobState.PAUSED);
            JobReport r = f.report("fam");
            assertThat(r.holds()).singleElement().satisfies(h -> {
                assertThat(h.reason()).isEqualTo("manual");
                assertThat(h.sinceUnixMs()).isBetween(asked, System.currentTimeMillis());
                assertThat(h.untilUnixMs()).as("no lease").isZero();
            });
            await("the event", () -> f.events.stream().anyMatch(e -> e.event().kind() == Kind.PAUSE && e.cause().equals("manual")));

            f.apply(change(fam));
            await("every process running again", () -> groupRunning(pgid, 3));
            await("reported running without holds", () -> f.report("fam").snapshot().state() == JobState.RUNNING
                    && f.report("fam").holds().isEmpty());
            await("the event", () -> f.events.stream().anyMatch(e -> e.event().kind() == Kind.RESUME && e.cause().equals("manual")));
            assertThat(f.pids("fam")).as("resumed, not restarted").hasSize(1);
        }
    }

    @Test
    void aManualPauseOutlastsItsGateAndTheJobsOwnLoadHold() throws Exception {
        Job busy = job("busy", 1, JobSpec.builder().command("sh", "-c",
                "echo $$ >> \"$OUT/busy.pids\"; sleep 600 & sleep 600; wait").loadHigh(4).build());
        try (HostFixture f = new HostFixture(dir)) {
            f.reconcile(List.of(busy));
            await("running", () -> f.pids("busy").size() == 1);
            int pgid = f.pids("busy").get(0);
            await("three processes running", () -> groupRunning(pgid, 3));

            f.apply(change(busy.toBuilder().addGates("dbload").build()));
            await("stopped by the gate", () -> groupStopped(pgid, 3));
            await("the event", () -> f.events.stream().anyMatch(e -> e.event().kind() == Kind.PAUSE && e.cause().equals("gate dbload")));
            f.load("8.00");
            Job all = paused(busy, "p1", 0).toBuilder().addGates("dbload").build();
            f.apply(change(all));
            await("held by all three", () -> reasons(f.report("busy")).equals(List.of("gate dbload", "load", "manual")));

            f.apply(change(paused(busy, "p1", 0)));
            assertThat(reasons(f.report("busy"))).isEqualTo(List.of("load", "manual"));
            f.load("1.00");
            await("the load hold gone", () -> reasons(f.report("busy")).equals(List.of("manual")));
            assertThat(groupStopped(pgid, 3)).as("neither the gate nor the load resumes an operator's pause").isTrue();
            assertThat(f.report("busy").snapshot().state()).isEqualTo(JobState.PAUSED);

            f.apply(change(busy));
            await("running again", () -> groupRunning(pgid, 3) && f.report("busy").snapshot().state() == JobState.RUNNING);
        }
    }

    @Test
    void aLeaseEndsThePauseOnceAndTheSamePauseSentAgainNeitherExtendsNorRepeatsIt() throws Exception {
        Job fam = family("lease");
        try (HostFixture f = new HostFixture(dir)) {
            f.reconcile(List.of(fam));
            await("running", () -> f.pids("lease").size() == 1);
            int pgid = f.pids("lease").get(0);
            await("three processes running", () -> groupRunning(pgid, 3));

            Job leased = paused(fam, "p1", 1_500);
            f.apply(change(leased));
            await("stopped", () -> groupStopped(pgid, 3));
            JobHold first = f.report("lease").holds().get(0);
            assertThat(first.untilUnixMs() - first.sinceUnixMs()).isEqualTo(1_500);

            f.reconcile(List.of(leased));
            f.apply(change(leased));
            assertThat(f.host.reports()).singleElement().satisfies(r ->
                    assertThat(r.holds()).as("sent again: the same deadline").containsExactly(first));

            await("the lease ended", () -> count(f, "lease", Kind.LEASE_EXPIRED) == 1);
            HostEvent expired = f.events.stream().filter(e -> e.event().kind() == Kind.LEASE_EXPIRED).findFirst()
                    .orElseThrow();
            assertThat(expired.cause()).isEqualTo("pause by alice@ops1 for 1500ms ended");
            assertThat(expired.unixMs()).isGreaterThanOrEqualTo(first.untilUnixMs());
            await("running again", () -> groupRunning(pgid, 3) && f.report("lease").snapshot().state() == JobState.RUNNING
                    && f.report("lease").holds().isEmpty());

            // The coordinator has not tidied Job.pause yet and sends it again: an ended lease stays ended.
            f.apply(change(leased));
            assertThat(f.host.reports()).singleElement().satisfies(r -> assertThat(r.holds()).isEmpty());
            assertThat(count(f, "lease", Kind.LEASE_EXPIRED)).isEqualTo(1);
            assertThat(groupRunning(pgid, 3)).isTrue();
        }
    }

    @Test
    void aLeaseDeadlineSurvivesANewHostAndTheJobDoesNotRunBeforeIt() throws Exception {
        Job leased = paused(sleeper("keep", 1), "p7", 4_000);
        JobHold first;
        try (HostFixture f = new HostFixture(dir)) {
            f.reconcile(List.of(leased));
            await("held before any start", () -> f.report("keep").snapshot().state() == JobState.PAUSED);
            first = f.report("keep").holds().get(0);
            assertThat(f.report("keep").snapshot().pid()).isZero();
        }
        try (HostFixture f = new HostFixture(dir)) {
            f.reconcile(List.of(leased));
            assertThat(f.host.reports()).singleElement().satisfies(r ->
                    assertThat(r.holds()).as("the deadline of the first sighting").containsExactly(first));
            await("the lease ended", () -> count(f, "keep", Kind.LEASE_EXPIRED) == 1);
            await("started", () -> count(f, "keep", Kind.START) == 1 && f.pids("keep").size() == 1);
            HostEvent start = f.events.stream().filter(e -> e.event().kind() == Kind.START).findFirst().orElseThrow();
            assertThat(start.unixMs()).as("no process before the lease ended").isGreaterThanOrEqualTo(first.untilUnixMs());
        }
    }

    @Test
    void aRestartWhilePausedDoesNotRunTheNewGenerationUntilReleased() throws Exception {
        Job one = sleeper("gen", 1);
        try (HostFixture f = new HostFixture(dir)) {
            f.reconcile(List.of(one));
            await("running", () -> f.pids("gen").size() == 1);
            int old = f.pids("gen").get(0);
            f.apply(change(one.toBuilder().addGates("night").build()));
            await("stopped", () -> groupStopped(old, 1));

            Job two = sleeper("gen", 2).toBuilder().addGates("night").build();
            f.apply(change(two));
            await("generation 2 held without a process", () -> f.report("gen").generation() == 2
                    && f.report("gen").snapshot().state() == JobState.PAUSED && f.report("gen").snapshot().pid() == 0);
            await("the old run gone", () -> !HostFixture.alive(old));
            assertThat(reasons(f.report("gen"))).containsExactly("gate night");
            assertThat(count(f, "gen", Kind.START)).as("generation 2 not started").isEqualTo(1);

            f.apply(change(sleeper("gen", 2)));
            await("generation 2 runs", () -> f.pids("gen").size() == 2
                    && f.report("gen").snapshot().state() == JobState.RUNNING);
        }
    }

    @Test
    void aRespawnDueWhileHeldDoesNotSpawn() throws Exception {
        Job one = sleeper("again", 1);
        try (HostFixture f = new HostFixture(dir)) {
            f.reconcile(List.of(one));
            await("running", () -> f.pids("again").size() == 1);
            int pid = f.pids("again").get(0);
            f.apply(change(paused(one, "p1", 0)));
            await("stopped", () -> groupStopped(pid, 1));
            io.dmon.agent.process.Posix.load().kill(pid, Signals.KILL);
            await("died and held instead of respawned", () -> count(f, "again", Kind.EXIT) == 1
                    && f.report("again").snapshot().state() == JobState.PAUSED && f.report("again").snapshot().pid() == 0);
            assertThat(count(f, "again", Kind.START)).isEqualTo(1);
            assertThat(reasons(f.report("again"))).containsExactly("manual");

            f.apply(change(one));
            await("respawned once released", () -> f.pids("again").size() == 2
                    && f.report("again").snapshot().state() == JobState.RUNNING);
        }
    }
}
