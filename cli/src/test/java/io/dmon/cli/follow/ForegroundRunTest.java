package io.dmon.cli.follow;

import static io.dmon.cli.Protos.exited;
import static io.dmon.cli.Protos.job;
import static io.dmon.cli.Protos.jobs;
import static io.dmon.cli.Protos.line;
import static io.dmon.cli.Protos.started;
import static io.dmon.cli.Protos.status;
import static io.dmon.cli.Protos.view;
import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.cli.Coordinators;
import io.dmon.cli.Coordinators.Result;
import io.dmon.cli.FakeCoordinator;
import io.dmon.cli.FakeCoordinator.Script;
import io.dmon.cli.InterruptSource;
import io.dmon.proto.v1.Job;
import io.dmon.proto.v1.JobEvent;
import io.dmon.proto.v1.JobState;
import io.dmon.proto.v1.JobsRequest;
import io.dmon.proto.v1.ListJobsRequest;
import io.dmon.proto.v1.LogLine;
import io.dmon.proto.v1.LogsRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code dmonctl run -n}: attached to the job, its output live, its exit status at the end. */
class ForegroundRunTest {
    private final Coordinators coordinators = new Coordinators();
    private FakeCoordinator coordinator;
    private final Job web = job("web", "h1", "serve");

    @BeforeEach
    void start() {
        coordinator = coordinators.start("a");
    }

    @AfterEach
    void stop() throws InterruptedException {
        coordinators.close();
    }

    @Test
    void streamsTheOutputFromTheStartAndExitsWithTheJobsStatus() {
        coordinator.run = r -> started(web);
        // The follow stream delivers two lines and stays open; the fetch at the end has a third.
        CountDownLatch following = new CountDownLatch(1);
        coordinator.logs = r -> {
            if (!r.getFollow()) {
                return Script.ending(List.of(line("web@h1", 1, "hello"), line("web@h1", 2, "world"),
                        line("web@h1", 3, "bye")));
            }
            following.countDown();
            return Script.following(List.of(line("web@h1", 1, "hello"), line("web@h1", 2, "world")));
        };
        coordinator.listJobs = r -> {
            await(following);
            return jobs(view(web, status(web, JobState.COMPLETED, exited(3))));
        };

        Result r = coordinators.run("run", "--host", "h1", "-n", "-1", "serve");

        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo("hello\nworld\nbye\n");
        assertThat(r.status()).isEqualTo(3);
        LogsRequest follow = coordinator.requests(LogsRequest.class).get(0);
        assertThat(follow.getJobIdsList()).containsExactly("web@h1");
        assertThat(follow.getFollow()).isTrue();
        assertThat(follow.getTail()).as("from the start").isEqualTo(-1);
        assertThat(coordinator.requests(io.dmon.proto.v1.RunRequest.class).get(0).getSpec().getNoDaemon()).isTrue();
    }

    @Test
    void stderrLinesGoToItsOwnStderrAndStdoutLinesToItsStdout() {
        coordinator.run = r -> started(web);
        List<LogLine> lines = List.of(line("web@h1", 1, "out one"),
                line("web@h1", 2, "rsync: No such file").toBuilder().setStderr(true).build(),
                line("web@h1", 3, "out two"));
        CountDownLatch following = new CountDownLatch(1);
        coordinator.logs = r -> {
            if (!r.getFollow()) {
                return Script.ending(lines);
            }
            following.countDown();
            return Script.following(lines);
        };
        coordinator.listJobs = r -> {
            await(following);
            return jobs(view(web, status(web, JobState.COMPLETED, exited(23))));
        };

        Result r = coordinators.run("run", "--host", "h1", "-n", "-1", "rsync");

        assertThat(r.out()).isEqualTo("out one\nout two\n");
        assertThat(r.err()).isEqualTo("rsync: No such file\n");
        assertThat(r.status()).isEqualTo(23);
    }

    @Test
    void anEventMakesItLookAgainWithoutWaitingForThePoll() {
        coordinator.run = r -> started(web);
        AtomicInteger looks = new AtomicInteger();
        coordinator.listJobs = r -> looks.incrementAndGet() == 1
                ? jobs(view(web, status(web, JobState.RUNNING, -1)))
                : jobs(view(web, status(web, JobState.COMPLETED, exited(0))));
        coordinator.events = r -> Script.following(List.of(JobEvent.newBuilder().setJobId("web@h1")
                .setKind(JobEvent.Kind.EXIT).setState(JobState.COMPLETED).build()));

        // The poll interval is 30 s in test contexts: only the event can end this quickly.
        Result r = coordinators.run("run", "--host", "h1", "-n", "serve");

        assertThat(r.status()).isZero();
        assertThat(looks.get()).isEqualTo(2);
    }

    @Test
    void aStatusOfAnOlderGenerationDoesNotEndIt() {
        Job restarted = web.toBuilder().setGeneration(2).build();
        coordinator.run = r -> started(restarted);
        AtomicInteger looks = new AtomicInteger();
        coordinator.listJobs = r -> looks.incrementAndGet() == 1
                ? jobs(view(restarted, status(web, JobState.COMPLETED, exited(7))))
                : jobs(view(restarted, status(restarted, JobState.FAILED, exited(2))));

        Result r = coordinators.run(List.of("a"), c -> c.pollInterval(Duration.ofMillis(10)),
                "run", "--host", "h1", "-n", "serve");

        assertThat(r.status()).isEqualTo(2);
        assertThat(looks.get()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aJobKilledBySignalExitsOne() {
        coordinator.run = r -> started(web);
        coordinator.listJobs = r -> jobs(view(web, status(web, JobState.FAILED, 9)));

        assertThat(coordinators.run("run", "--host", "h1", "-n", "serve").status()).isEqualTo(1);
    }

    @Test
    void severalHostsArePrefixedAndTheWorstStatusWins() {
        Job a = job("web", "h1", "serve");
        Job b = job("web", "h2", "serve");
        Job c = job("web", "h3", "serve");
        coordinator.run = r -> started(a, b, c);
        coordinator.logs = r -> Script.ending(List.of(
                line("web@h1", 1, "one"), line("web@h2", 1, "two"), line("web@h3", 1, "three")));
        coordinator.listJobs = r -> jobs(
                view(a, status(a, JobState.COMPLETED, exited(0))),
                view(b, status(b, JobState.FAILED, exited(4))),
                view(c, status(c, JobState.FAILED, 9)));

        Result r = coordinators.run("run", "--host", "h1,h2,h3", "-n", "serve");

        assertThat(r.status()).isEqualTo(4);
        assertThat(r.out()).isEqualTo("web@h1| one\nweb@h2| two\nweb@h3| three\n");
        assertThat(r.err()).isEqualTo("dmonctl: web@h1 COMPLETED (exit 0)\n"
                + "dmonctl: web@h2 FAILED (exit 4)\n"
                + "dmonctl: web@h3 FAILED (signal 9)\n");
    }

    @Test
    void outputBytesArePassedThroughUntouched() {
        byte[] latin1 = {'c', 'a', 'f', (byte) 0xe9, 0, (byte) 0xff};
        coordinator.run = r -> started(web);
        coordinator.logs = r -> Script.ending(List.of(line("web@h1", 1, latin1)));
        coordinator.listJobs = r -> jobs(view(web, status(web, JobState.COMPLETED, 0)));

        Result r = coordinators.run("run", "--host", "h1", "-n", "serve");

        assertThat(r.outBytes()).containsExactly('c', 'a', 'f', (byte) 0xe9, 0, (byte) 0xff, '\n');
    }

    @Test
    void onATerminalControlsInBothStreamsAreMadeVisibleUnlessRaw() {
        coordinator.run = r -> started(web);
        coordinator.logs = r -> Script.ending(List.of(line("web@h1", 1, "\u001b[31mred"),
                line("web@h1", 2, "\u001b[2J").toBuilder().setStderr(true).build()));
        coordinator.listJobs = r -> jobs(view(web, status(web, JobState.COMPLETED, 0)));

        Result shown = coordinators.run(List.of("a"), c -> c.terminal(io.dmon.cli.Terminal.fixed(80)),
                "run", "--host", "h1", "-n", "serve");
        Result raw = coordinators.run(List.of("a"), c -> c.terminal(io.dmon.cli.Terminal.fixed(80)),
                "run", "--host", "h1", "--raw", "-n", "serve");

        assertThat(shown.out()).isEqualTo("\\e[31mred\n");
        assertThat(shown.err()).isEqualTo("\\e[2J\n");
        assertThat(raw.out()).isEqualTo("\u001b[31mred\n");
        assertThat(raw.err()).isEqualTo("\u001b[2J\n");
    }

    @Test
    void ctrlCStopsTheJobAndExits130() throws Exception {
        coordinator.run = r -> started(web);
        AtomicReference<JobState> state = new AtomicReference<>(JobState.RUNNING);
        CountDownLatch watching = new CountDownLatch(1);
        coordinator.listJobs = r -> {
            watching.countDown();
            return jobs(view(web, status(web, state.get(), state.get() == JobState.STOPPED ? 15 : -1)));
        };
        coordinator.stop = r -> {
            state.set(JobState.STOPPED);
            return io.dmon.proto.v1.JobsResponse.newBuilder().addJobs(web).build();
        };
        coordinator.logs = r -> r.getFollow()
                ? Script.following(List.of(line("web@h1", 1, "working")))
                : Script.ending(List.of(line("web@h1", 1, "working")));
        ManualInterrupts interrupts = new ManualInterrupts();

        CompletableFuture<Result> run = CompletableFuture.supplyAsync(() -> coordinators.run(List.of("a"),
                c -> c.interrupts(interrupts), "run", "--host", "h1", "-n", "serve"));
        assertThat(watching.await(10, TimeUnit.SECONDS)).isTrue();
        interrupts.awaitHandler();
        interrupts.fire();
        Result r = run.get(10, TimeUnit.SECONDS);

        assertThat(r.status()).isEqualTo(130);
        assertThat(coordinator.requests(JobsRequest.class)).singleElement()
                .satisfies(stop -> assertThat(stop.getJobIdsList()).containsExactly("web@h1"));
        assertThat(r.err()).isEqualTo("dmonctl: stopping web@h1 (Ctrl-C again to leave without waiting)\n");
        assertThat(r.out()).isEqualTo("working\n");
    }

    @Test
    void termAndHupStopTheJobAsCtrlCDoesAndExitWith128PlusTheSignal() throws Exception {
        for (int signal : new int[] {InterruptSource.SIGTERM, InterruptSource.SIGHUP}) {
            coordinator.requests.clear();
            coordinator.run = r -> started(web);
            AtomicReference<JobState> state = new AtomicReference<>(JobState.RUNNING);
            coordinator.listJobs = r -> jobs(view(web, status(web, state.get(), -1)));
            coordinator.stop = r -> {
                state.set(JobState.STOPPED);
                return io.dmon.proto.v1.JobsResponse.newBuilder().addJobs(web).build();
            };
            ManualInterrupts interrupts = new ManualInterrupts();

            CompletableFuture<Result> run = CompletableFuture.supplyAsync(() -> coordinators.run(List.of("a"),
                    c -> c.interrupts(interrupts), "run", "--host", "h1", "-n", "serve"));
            interrupts.awaitHandler();
            interrupts.fire(signal);
            Result r = run.get(10, TimeUnit.SECONDS);

            assertThat(r.status()).isEqualTo(128 + signal);
            assertThat(coordinator.requests(JobsRequest.class)).as("the job was asked to stop").singleElement()
                    .satisfies(stop -> assertThat(stop.getJobIdsList()).containsExactly("web@h1"));
            assertThat(r.err()).isEqualTo("dmonctl: SIG" + InterruptSource.name(signal) + ": stopping web@h1 "
                    + "(a second signal leaves without waiting)\n");
        }
    }

    @Test
    void eachRespawnIsSaidOnceOnStandardError() throws Exception {
        coordinator.run = r -> started(web);
        CountDownLatch eventsSent = new CountDownLatch(1);
        JobEvent start2 = JobEvent.newBuilder().setJobId("web@h1").setRole(JobEvent.Role.CMD)
                .setKind(JobEvent.Kind.START).setRun(2).setPid(4321).setUnixMs(Coordinators.NOW).build();
        JobEvent start3 = start2.toBuilder().setRun(3).setPid(4322).build();
        JobEvent first = start2.toBuilder().setRun(1).setPid(4320).build();
        JobEvent other = start2.toBuilder().setJobId("db@h1").build();
        coordinator.events = r -> {
            eventsSent.countDown();
            // A repeat of run 2, as a stream resumed elsewhere may send.
            return Script.following(List.of(first, start2, other, start2, start3));
        };
        coordinator.listJobs = r -> {
            await(eventsSent);
            return jobs(view(web, status(web, coordinator.requests(ListJobsRequest.class).size() > 20
                    ? JobState.COMPLETED : JobState.RUNNING, exited(0))));
        };

        Result r = coordinators.run(List.of("a"), c -> c.pollInterval(Duration.ofMillis(50)),
                "run", "--host", "h1", "-n", "serve");

        assertThat(r.status()).isZero();
        assertThat(r.err()).isEqualTo("dmonctl: web@h1 respawned: run 2, pid 4321\n"
                + "dmonctl: web@h1 respawned: run 3, pid 4322\n");
    }

    @Test
    void aRespawnOnAHostWhoseClockIsBehindIsSaidToo() throws Exception {
        Job created = web.toBuilder().setCreatedUnixMs(Coordinators.NOW).build();
        coordinator.run = r -> started(created);
        CountDownLatch eventsSent = new CountDownLatch(1);
        // Stamped by the host's clock, 5 minutes behind the coordinator's that stamped the creation.
        JobEvent start2 = JobEvent.newBuilder().setJobId("web@h1").setRole(JobEvent.Role.CMD)
                .setKind(JobEvent.Kind.START).setRun(2).setPid(4321).setUnixMs(Coordinators.NOW - 300_000 + 2_000)
                .build();
        coordinator.events = r -> {
            eventsSent.countDown();
            return Script.following(List.of(start2.toBuilder().setRun(1).setPid(4320).build(), start2));
        };
        coordinator.listJobs = r -> {
            await(eventsSent);
            return jobs(view(created, status(created, coordinator.requests(ListJobsRequest.class).size() > 20
                    ? JobState.COMPLETED : JobState.RUNNING, exited(0))));
        };

        Result r = coordinators.run(List.of("a"), c -> c.pollInterval(Duration.ofMillis(50)),
                "run", "--host", "h1", "-n", "serve");

        assertThat(r.status()).isZero();
        assertThat(r.err()).isEqualTo("dmonctl: web@h1 respawned: run 2, pid 4321\n");
        // Asked by id, so that the coordinator gives this job's events, not an earlier one's of the same id.
        assertThat(coordinator.requests(io.dmon.proto.v1.EventsRequest.class).get(0).getSelector().getJobIdsList())
                .containsExactly("web@h1");
    }

    @Test
    void aSecondCtrlCLeavesAtOnce() throws Exception {
        coordinator.run = r -> started(web);
        CountDownLatch stopAsked = new CountDownLatch(1);
        coordinator.listJobs = r -> jobs(view(web, status(web, JobState.RUNNING, -1)));
        coordinator.stop = r -> {
            stopAsked.countDown();
            return io.dmon.proto.v1.JobsResponse.newBuilder().addJobs(web).build();
        };
        ManualInterrupts interrupts = new ManualInterrupts();

        CompletableFuture<Result> run = CompletableFuture.supplyAsync(() -> coordinators.run(List.of("a"),
                c -> c.interrupts(interrupts), "run", "--host", "h1", "-n", "serve"));
        interrupts.awaitHandler();
        interrupts.fire();
        assertThat(stopAsked.await(10, TimeUnit.SECONDS)).isTrue();
        interrupts.fire();

        assertThat(run.get(10, TimeUnit.SECONDS).status()).isEqualTo(130);
        assertThat(coordinator.requests(ListJobsRequest.class)).isNotEmpty();
    }

    @Test
    void aJobThatDoesNotStopInTimeIsLeftToStopOnItsOwn() throws Exception {
        coordinator.run = r -> started(web);
        coordinator.listJobs = r -> jobs(view(web, status(web, JobState.RUNNING, -1)));
        ManualInterrupts interrupts = new ManualInterrupts();

        CompletableFuture<Result> run = CompletableFuture.supplyAsync(() -> coordinators.run(List.of("a"),
                c -> c.interrupts(interrupts).pollInterval(Duration.ofMillis(20)),
                "--timeout", "300ms", "run", "--host", "h1", "-n", "serve"));
        interrupts.awaitHandler();
        interrupts.fire();
        Result r = run.get(10, TimeUnit.SECONDS);

        assertThat(r.status()).isEqualTo(130);
        assertThat(r.err()).isEqualTo("dmonctl: stopping web@h1 (Ctrl-C again to leave without waiting)\n"
                + "dmonctl: web@h1 did not stop within 300ms; leaving it to stop on its own\n");
    }

    @Test
    void theFollowStreamIsCancelledAtTheEnd() throws InterruptedException {
        coordinator.run = r -> started(web);
        CountDownLatch following = new CountDownLatch(1);
        coordinator.logs = r -> {
            if (r.getFollow()) {
                following.countDown();
                return Script.following(List.<LogLine>of());
            }
            return Script.ending(List.of());
        };
        coordinator.listJobs = r -> {
            await(following);
            return jobs(view(web, status(web, JobState.COMPLETED, 0)));
        };

        assertThat(coordinators.run("run", "--host", "h1", "-n", "serve").status()).isZero();
        assertThat(coordinator.openStreams).isNotEmpty();
        assertThat(coordinator.openStreamsCancelled()).isTrue();
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Ctrl-C by hand. */
    static final class ManualInterrupts implements InterruptSource {
        private final CountDownLatch registered = new CountDownLatch(1);
        private volatile IntConsumer action;

        @Override
        public void onInterrupt(IntConsumer action) {
            this.action = action;
            registered.countDown();
        }

        void awaitHandler() throws InterruptedException {
            assertThat(registered.await(10, TimeUnit.SECONDS)).isTrue();
        }

        void fire() {
            fire(InterruptSource.SIGINT);
        }

        void fire(int signal) {
            action.accept(signal);
        }
    }
}
