package io.dmon.agent.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.agent.load.LoadSources;
import io.dmon.agent.process.ChildProcess;
import io.dmon.agent.process.ExitStatus;
import io.dmon.agent.process.Launch;
import io.dmon.agent.process.Posix;
import io.dmon.agent.process.ProcStat;
import io.dmon.agent.process.Signals;
import io.dmon.agent.process.Spawner;
import io.dmon.spec.JobSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A supervisor that takes over a run already going (a real process started before it, as a
 * previous agent's monitor would hold it), and one that is let go of.
 */
class SupervisorAdoptTest {
    private static final Posix POSIX = Posix.load();

    @TempDir
    Path dir;

    private final List<JobEvent> events = new CopyOnWriteArrayList<>();

    private Supervisor supervisor(JobSpec spec) throws Exception {
        return new JobAssembly(POSIX, new LoadSources(System::nanoTime), SupervisorClock.SYSTEM)
                .supervisor(spec, SupervisorSettings.of(spec).withStopGrace(2_000_000_000L),
                        JobAssembly.environment(System.getenv(), spec), dir, null, null, null, false,
                        () -> 0.1, null, null, events::add);
    }

    private static ChildProcess sleeper() throws Exception {
        return new Spawner(POSIX).spawn(new Launch(List.of("sleep", "60"), Spawner.environment(System.getenv()), 0, 1,
                2, Posix.Group.NEW_GROUP, null, null, null));
    }

    private static Thread run(Supervisor s) {
        Thread t = new Thread(() -> {
            try {
                s.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "test-adopting-supervisor");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    private static boolean alive(int pid) {
        return ProcStat.read(pid).filter(p -> p.state() != 'Z').isPresent();
    }

    @Test
    void anAdoptedRunIsRunningAtOnceItsEndCountsAndTheRespawnsGoOn() throws Exception {
        ChildProcess old = sleeper();
        long startedAt = System.currentTimeMillis() - 5_000;
        // -m 3 with 2 respawns done before: one more, then the job ends.
        Supervisor s = supervisor(JobSpec.builder().command("sh", "-c", "exit 4").maxRespawns(3).build());
        s.adopt(new AdoptedRun(old, 7, startedAt, 2));
        Thread t = run(s);
        await("running the adopted process", () -> s.snapshot().state() == JobState.RUNNING);
        assertThat(s.snapshot().pid()).isEqualTo(old.pid());
        assertThat(s.snapshot().runStartedAtMs()).as("its uptime goes on").isEqualTo(startedAt);
        assertThat(s.snapshot().restarts()).isEqualTo(2);
        assertThat(events.get(0).kind()).as("nothing started: a state change says so").isEqualTo(JobEvent.Kind.STATE);

        POSIX.kill(old.pid(), Signals.KILL);
        t.join(20_000);
        assertThat(t.isAlive()).isFalse();
        assertThat(events).filteredOn(e -> e.kind() == JobEvent.Kind.EXIT && e.pid() == old.pid())
                .extracting(JobEvent::value).containsExactly(ExitStatus.killed(Signals.KILL).raw());
        assertThat(events).filteredOn(e -> e.kind() == JobEvent.Kind.START).as("one respawn left of -m 3").hasSize(1);
        assertThat(s.state()).isEqualTo(JobState.FAILED);
    }

    @Test
    void aStoppedAdoptedRunIsWokenWhenNothingHoldsIt() throws Exception {
        ChildProcess old = sleeper();
        POSIX.kill(old.pid(), Signals.STOP);
        await("stopped", () -> ProcStat.read(old.pid()).orElseThrow().stopped());
        Supervisor s = supervisor(JobSpec.builder().command("sleep", "60").build());
        s.adopt(new AdoptedRun(old, 1, System.currentTimeMillis(), 0));
        Thread t = run(s);
        await("running and woken", () -> s.snapshot().state() == JobState.RUNNING
                && !ProcStat.read(old.pid()).orElseThrow().stopped());
        s.requestStop();
        t.join(20_000);
        assertThat(alive(old.pid())).isFalse();
    }

    @Test
    void anAbandonedSupervisorReturnsAndLeavesItsRunAsItIs() throws Exception {
        ChildProcess old = sleeper();
        Supervisor s = supervisor(JobSpec.builder().command("sleep", "60").build());
        s.adopt(new AdoptedRun(old, 1, System.currentTimeMillis(), 0));
        Thread t = run(s);
        await("running", () -> s.snapshot().state() == JobState.RUNNING);
        s.abandon();
        t.join(20_000);
        assertThat(t.isAlive()).isFalse();
        assertThat(s.abandoned()).isTrue();
        assertThat(alive(old.pid())).as("let go of, not stopped").isTrue();
        assertThat(events).noneMatch(e -> e.kind() == JobEvent.Kind.STOP);
        POSIX.kill(old.pid(), Signals.KILL);
        // The abandoned supervisor's waiter still reaps it.
        await("gone", () -> !alive(old.pid()));
    }
}
