package io.dmon.cli.client;

import static io.dmon.cli.Protos.job;
import static io.dmon.cli.Protos.jobs;
import static io.dmon.cli.Protos.line;
import static io.dmon.cli.Protos.status;
import static io.dmon.cli.Protos.view;
import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.cli.Coordinators;
import io.dmon.cli.Coordinators.Result;
import io.dmon.cli.FakeCoordinator;
import io.dmon.cli.FakeCoordinator.Script;
import io.dmon.proto.v1.Job;
import io.dmon.proto.v1.JobEvent;
import io.dmon.proto.v1.JobState;
import io.dmon.proto.v1.ListJobsRequest;
import io.dmon.proto.v1.LogChunk;
import io.dmon.proto.v1.LogsRequest;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which coordinator answers, and how failures read. */
class FailoverTest {
    private final Coordinators coordinators = new Coordinators();
    private final Job web = job("web", "h1", "serve");

    @AfterEach
    void stop() throws InterruptedException {
        coordinators.close();
    }

    @Test
    void aCoordinatorThatIsDownIsSkipped() {
        FakeCoordinator b = coordinators.start("b");
        b.listJobs = r -> jobs(view(web, status(web, JobState.RUNNING, -1)));

        Result r = coordinators.run(List.of("down", "b"), c -> { }, "ps");

        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("web@h1");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void theEnvironmentNamesTheCoordinatorsWhenTheOptionDoesNot() {
        coordinators.start("b").listHosts = r -> io.dmon.proto.v1.ListHostsResponse.newBuilder()
                .addHosts(io.dmon.proto.v1.HostView.newBuilder().setName("h7")).build();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();

        int status = io.dmon.cli.DmonCtl.execute(coordinators.context(out, err)
                .env(java.util.Map.of("DMON_COORDINATOR", coordinators.address("down") + "," + coordinators.address("b")))
                .build(), "hosts");

        assertThat(status).isZero();
        assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("h7");
    }

    @Test
    void aCoordinatorAnsweringUnavailableIsSkipped() {
        FakeCoordinator a = coordinators.start("a");
        FakeCoordinator b = coordinators.start("b");
        a.listJobs = r -> {
            throw FakeCoordinator.fail(Status.UNAVAILABLE.withDescription("store not ready"));
        };
        b.listJobs = r -> jobs(view(web, status(web, JobState.RUNNING, -1)));

        Result r = coordinators.run(List.of("a", "b"), c -> { }, "ps");

        assertThat(r.status()).isZero();
        assertThat(a.requests(ListJobsRequest.class)).hasSize(1);
        assertThat(b.requests(ListJobsRequest.class)).hasSize(1);
    }

    @Test
    void allDownIsStatusFourNamingEveryAddress() {
        Result r = coordinators.run(List.of("x", "y"), c -> { }, "ps");

        assertThat(r.status()).isEqualTo(4);
        assertThat(r.err()).startsWith("dmonctl: no coordinator answered: " + coordinators.address("x") + " (")
                .contains(", " + coordinators.address("y") + " (")
                .hasLineCount(1);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void theCoordinatorThatAnsweredIsAskedFirstNextTime() {
        FakeCoordinator a = coordinators.start("a");
        FakeCoordinator b = coordinators.start("b");
        a.listJobs = r -> {
            throw FakeCoordinator.fail(Status.UNAVAILABLE);
        };
        try (OperatorClient client = new OperatorClient(List.of(coordinators.address("a"), coordinators.address("b")),
                coordinators.channels(), Duration.ofSeconds(10))) {
            client.listJobs(ListJobsRequest.getDefaultInstance());
            client.listJobs(ListJobsRequest.getDefaultInstance());
        }

        assertThat(a.requests(ListJobsRequest.class)).hasSize(1);
        assertThat(b.requests(ListJobsRequest.class)).hasSize(2);
    }

    @Test
    void notFoundIsStatusThreeWithTheServersMessage() {
        coordinators.start("a").stop = r -> {
            throw FakeCoordinator.fail(Status.NOT_FOUND.withDescription("no job web@h9"));
        };

        Result r = coordinators.run("stop", "web@h9");

        assertThat(r.status()).isEqualTo(3);
        assertThat(r.err()).isEqualTo("dmonctl: no job web@h9\n");
    }

    @Test
    void otherAnswersMapToTheirStatuses() {
        FakeCoordinator a = coordinators.start("a");
        record Case(Status status, int exit, String err) {
        }
        for (Case c : List.of(
                new Case(Status.INVALID_ARGUMENT.withDescription("bad spec: no command"), 2, "dmonctl: bad spec: no command\n"),
                new Case(Status.ALREADY_EXISTS.withDescription("web@h1 exists"), 5, "dmonctl: web@h1 exists\n"),
                new Case(Status.FAILED_PRECONDITION.withDescription("job is stopped"), 5, "dmonctl: job is stopped\n"),
                new Case(Status.PERMISSION_DENIED.withDescription("not allowed"), 6, "dmonctl: not allowed\n"),
                new Case(Status.INTERNAL.withDescription("boom\n\tat Foo.bar(Foo.java:1)"), 1,
                        "dmonctl: coordinator " + coordinators.address("a") + ": internal: boom; at Foo.bar(Foo.java:1)\n"),
                new Case(Status.UNKNOWN, 1, "dmonctl: unknown (from " + coordinators.address("a") + ")\n"))) {
            a.restart = r -> {
                throw FakeCoordinator.fail(c.status());
            };
            Result r = coordinators.run("restart", "web@h1");
            assertThat(r.status()).as(c.status().toString()).isEqualTo(c.exit());
            assertThat(r.err()).as(c.status().toString()).isEqualTo(c.err());
        }
    }

    @Test
    void noAnswerWithinTheTimeoutIsStatusFour() {
        // A script answering null never answers.
        coordinators.start("a").listHosts = r -> null;

        Result r = coordinators.run(List.of("a"), c -> { }, "--timeout", "300ms", "hosts");

        assertThat(r.status()).isEqualTo(4);
        assertThat(r.err()).isEqualTo("dmonctl: coordinator " + coordinators.address("a") + " did not answer within 300ms\n");
    }

    @Test
    void aStreamRefusedBeforeItsFirstMessageMovesOn() {
        FakeCoordinator a = coordinators.start("a");
        FakeCoordinator b = coordinators.start("b");
        a.logs = r -> {
            throw FakeCoordinator.fail(Status.UNAVAILABLE.withDescription("draining"));
        };
        b.logs = r -> Script.ending(List.of(line("web@h1", 1, "hi")));

        Result r = coordinators.run(List.of("a", "b"), c -> { }, "logs", "web@h1");

        assertThat(r.status()).isZero();
        assertThat(r.out()).isEqualTo("hi\n");
        assertThat(a.requests(LogsRequest.class)).hasSize(1);
    }

    @Test
    void followedLogsGoOnThroughAnotherCoordinatorWithoutRepeats() {
        FakeCoordinator a = coordinators.start("a");
        FakeCoordinator b = coordinators.start("b");
        a.logs = r -> Script.breaking(List.of(line("web@h1", 1, "one"), line("web@h1", 2, "two")),
                Status.UNAVAILABLE.withDescription("shutting down"));
        b.logs = r -> Script.ending(List.of(line("web@h1", 1, "one"), line("web@h1", 2, "two"), line("web@h1", 3, "three")));

        Result r = coordinators.run(List.of("a", "b"), c -> { }, "logs", "-f", "-n", "all", "web@h1");

        assertThat(r.status()).isZero();
        assertThat(r.out()).isEqualTo("one\ntwo\nthree\n");
        assertThat(r.err()).isEqualTo("dmonctl: coordinator " + coordinators.address("a")
                + " went away (shutting down); going on through another\n");
        assertThat(b.requests(LogsRequest.class)).singleElement()
                .satisfies(request -> assertThat(request.getFollow()).isTrue());
    }

    @Test
    void followedLogsEndWhenNoCoordinatorIsLeft() {
        FakeCoordinator a = coordinators.start("a");
        a.logs = r -> Script.breaking(List.of(line("web@h1", 1, "one")), Status.UNAVAILABLE.withDescription("bye"));

        Result r = coordinators.run(List.of("a", "gone"), c -> { }, "logs", "-f", "web@h1");

        assertThat(r.status()).isEqualTo(4);
        assertThat(r.out()).isEqualTo("one\n");
        assertThat(r.err()).endsWith("dmonctl: no coordinator answered: " + coordinators.address("a") + " (bye), "
                + coordinators.address("gone") + " (Could not find server: " + coordinators.address("gone") + ")\n");
    }

    @Test
    void followedEventsGoOnThroughAnotherCoordinatorWithoutRepeats() {
        FakeCoordinator a = coordinators.start("a");
        FakeCoordinator b = coordinators.start("b");
        JobEvent start = JobEvent.newBuilder().setJobId("web@h1").setKind(JobEvent.Kind.START).setPid(10)
                .setState(io.dmon.proto.v1.JobState.RUNNING).setUnixMs(Coordinators.NOW).build();
        JobEvent exit = start.toBuilder().setKind(JobEvent.Kind.EXIT).setValue(256)
                .setState(io.dmon.proto.v1.JobState.EXITED).setUnixMs(Coordinators.NOW + 1000).build();
        JobEvent again = start.toBuilder().setPid(11).setRun(2).setUnixMs(Coordinators.NOW + 2000).build();
        a.events = r -> Script.breaking(List.of(start, exit), Status.UNAVAILABLE.withDescription("shutting down"));
        // What b has since then, the two already shown included.
        b.events = r -> Script.ending(List.of(start, exit, again));

        Result r = coordinators.run(List.of("a", "b"), c -> { }, "events", "-f");

        assertThat(r.status()).isZero();
        assertThat(r.out().lines()).containsExactly(
                "2027-01-15T08:00:00.000Z web@h1 cmd start 10 (RUNNING)",
                "2027-01-15T08:00:01.000Z web@h1 cmd exit 10 256 (EXITED)",
                "2027-01-15T08:00:02.000Z web@h1 cmd start 11 (RUNNING)");
        assertThat(r.err()).isEqualTo("dmonctl: coordinator " + coordinators.address("a")
                + " went away (shutting down); going on through another\n");
        io.dmon.proto.v1.EventsRequest resumed = b.requests(io.dmon.proto.v1.EventsRequest.class).get(0);
        assertThat(resumed.getSinceUnixMs()).as("back from the newest shown").isEqualTo(Coordinators.NOW + 1000 - 10_000);
        assertThat(resumed.getRecent()).as("every one since").isZero();
        assertThat(resumed.getFollow()).isTrue();
    }

    @Test
    void aCancelledStreamEndsQuietly() {
        FakeCoordinator a = coordinators.start("a");
        a.logs = r -> Script.following(List.of());
        try (OperatorClient client = new OperatorClient(List.of(coordinators.address("a")), coordinators.channels(),
                Duration.ofSeconds(10))) {
            ServerStream<LogChunk> stream = client.logChunks(LogsRequest.newBuilder().addJobIds("web@h1").setFollow(true).build());
            long deadline = System.nanoTime() + 10_000_000_000L;
            Thread canceller = new Thread(() -> {
                while (a.openStreams.isEmpty() && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                stream.cancel();
            });
            canceller.start();

            assertThat(stream.next()).isNull();
        }
    }
}
