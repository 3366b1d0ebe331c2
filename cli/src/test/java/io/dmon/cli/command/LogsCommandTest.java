package io.dmon.cli.command;

import static io.dmon.cli.Protos.line;
import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.cli.Coordinators;
import io.dmon.cli.Coordinators.Result;
import io.dmon.cli.FakeCoordinator;
import io.dmon.cli.FakeCoordinator.Script;
import io.dmon.cli.Terminal;
import io.dmon.cli.Protos;
import io.dmon.proto.v1.Job;
import io.dmon.proto.v1.JobState;
import io.dmon.proto.v1.ListJobsRequest;
import io.dmon.proto.v1.LogChunk;
import io.dmon.proto.v1.LogLine;
import io.dmon.proto.v1.LogsRequest;
import io.dmon.proto.v1.SkippedLines;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LogsCommandTest {
    private final Coordinators coordinators = new Coordinators();
    private FakeCoordinator coordinator;

    @BeforeEach
    void start() {
        coordinator = coordinators.start("a");
        // Lines of two jobs, interleaved in time order as the coordinator merges them.
        coordinator.logs = r -> Script.ending(List.of(
                line("web@h1", 7, "GET /"), line("db@h2", 3, "checkpoint"), line("web@h1", 8, "GET /x")));
    }

    @AfterEach
    void stop() throws InterruptedException {
        coordinators.close();
    }

    private LogsRequest onlyRequest() {
        assertThat(coordinator.requests(LogsRequest.class)).hasSize(1);
        return coordinator.requests(LogsRequest.class).get(0);
    }

    @Test
    void oneJobPlainLinesLastTenByDefault() {
        coordinator.logs = r -> Script.ending(List.of(line("web@h1", 7, "GET /"), line("web@h1", 8, "GET /x")));

        Result r = coordinators.run("logs", "web@h1");

        assertThat(r.status()).isZero();
        assertThat(r.out()).isEqualTo("GET /\nGET /x\n");
        LogsRequest request = onlyRequest();
        assertThat(request.getJobIdsList()).containsExactly("web@h1");
        assertThat(request.getTail()).isEqualTo(10);
        assertThat(request.getFollow()).isFalse();
    }

    @Test
    void aJobRemovedAndRunAgainIsPrintedFromItsFirstLineWithANoticeAndTheOldOnesLateLineIsNot() {
        LogLine old = line("web@h1", 1, "old").toBuilder().setJobCreatedUnixMs(1_000).build();
        LogLine fresh = line("web@h1", 1, "new").toBuilder().setJobCreatedUnixMs(2_000).build();
        coordinator.logs = r -> Script.ending(List.of(old, old.toBuilder().setSeq(2).setLine(bytes("old 2")).build(),
                fresh, old.toBuilder().setSeq(3).setLine(bytes("old 3, late")).build(),
                fresh.toBuilder().setSeq(2).setLine(bytes("new 2")).build()));

        Result r = coordinators.run("logs", "web@h1");

        assertThat(r.status()).isZero();
        assertThat(r.out()).isEqualTo("old\nold 2\nnew\nnew 2\n");
        assertThat(r.err()).isEqualTo("dmonctl: web@h1: removed and run again; the new job's output follows\n");
    }

    private static com.google.protobuf.ByteString bytes(String text) {
        return com.google.protobuf.ByteString.copyFromUtf8(text);
    }

    @Test
    void followingJobsThatHaveEndedPrintsWhatIsLeftAndEndsWithZero() {
        Job web = Protos.job("web", "h1", "serve");
        AtomicReference<JobState> state = new AtomicReference<>(JobState.RUNNING);
        coordinator.logs = r -> r.getFollow()
                ? Script.following(List.of(line("web@h1", 1, "one")))
                : Script.ending(List.of(line("web@h1", 1, "one"), line("web@h1", 2, "two")));
        coordinator.listJobs = r -> {
            // Finished once dmonctl has looked a few times: the follow stream is open by then.
            if (coordinator.requests(ListJobsRequest.class).size() > 2) {
                state.set(JobState.FAILED);
            }
            return Protos.jobs(Protos.view(web, Protos.status(web, state.get(), Protos.exited(1))));
        };

        Result r = coordinators.run(List.of("a"), c -> c.pollInterval(Duration.ofMillis(20)), "logs", "-f", "web@h1");

        assertThat(r.status()).isZero();
        assertThat(r.out()).isEqualTo("one\ntwo\n");
        assertThat(r.err()).isEmpty();
        assertThat(coordinator.requests(LogsRequest.class)).anyMatch(LogsRequest::getFollow);
    }

    @Test
    void followingAJobThatHadEndedAlreadyShowsItsHistoryAndEnds() throws InterruptedException {
        Job web = Protos.job("web", "h1", "serve");
        coordinator.logs = r -> r.getFollow()
                ? Script.following(List.of(line("web@h1", 1, "done")))
                : Script.ending(List.of(line("web@h1", 1, "done")));
        coordinator.listJobs = r -> Protos.jobs(Protos.view(web, Protos.status(web, JobState.COMPLETED, 0)));

        Result r = coordinators.run("logs", "-f", "web@h1");

        assertThat(r.status()).isZero();
        assertThat(r.out()).isEqualTo("done\n");
        assertThat(coordinator.openStreamsCancelled()).isTrue();
    }

    private static LogLine stderr(LogLine line) {
        return line.toBuilder().setStderr(true).build();
    }

    @Test
    void bothStreamsByDefaultStderrMarkedAndEitherOnItsOwn() {
        coordinator.logs = r -> Script.ending(List.of(line("web@h1", 1, "out"), stderr(line("web@h1", 2, "oops")),
                line("db@h2", 3, "ok"), stderr(line("db@h2", 4, "warn"))));

        assertThat(coordinators.run("logs", "web@h1").out()).isEqualTo("out\n! oops\nok\n! warn\n");
        assertThat(coordinators.run("logs", "web@h1", "db@h2").out())
                .isEqualTo("web@h1| out\nweb@h1! oops\ndb@h2| ok\ndb@h2! warn\n");
        assertThat(coordinators.run("logs", "--stderr", "web@h1", "db@h2").out())
                .isEqualTo("web@h1| oops\ndb@h2| warn\n");
        assertThat(coordinators.run("logs", "--stdout", "web@h1").out()).isEqualTo("out\nok\n");

        Result both = coordinators.run("logs", "--stdout", "--stderr", "web@h1");
        assertThat(both.status()).isEqualTo(2);
        assertThat(both.err()).isEqualTo("dmonctl: --stdout and --stderr: pick one, or neither for both\n");
    }

    @Test
    void severalJobsArePrefixedInTheServersOrder() {
        Result r = coordinators.run("logs", "-n", "50", "web@h1", "db@h2");

        assertThat(r.out()).isEqualTo("web@h1| GET /\ndb@h2| checkpoint\nweb@h1| GET /x\n");
        assertThat(onlyRequest().getTail()).isEqualTo(50);
    }

    @Test
    void byHostOrAllIsPrefixedToo() {
        assertThat(coordinators.run("logs", "--host", "h1").out()).startsWith("web@h1| GET /\n");
        assertThat(coordinator.requests(LogsRequest.class).get(0).getHost()).isEqualTo("h1");

        assertThat(coordinators.run("logs", "--all", "-f", "-n", "all").out()).startsWith("web@h1| GET /\n");
        LogsRequest all = coordinator.requests(LogsRequest.class).get(1);
        assertThat(all.getAll()).isTrue();
        assertThat(all.getFollow()).isTrue();
        assertThat(all.getTail()).isEqualTo(-1);
    }

    @Test
    void prefixesAreColouredOnlyOnATerminalWithoutNoColor() {
        String coloured = coordinators.run(List.of("a"), c -> c.terminal(Terminal.fixed(80)), "logs", "--all").out();
        assertThat(coloured).contains("\u001b[").contains("web@h1|\u001b[0m GET /\n");
        // A job keeps its colour from line to line.
        String webPrefix = coloured.substring(0, coloured.indexOf("web@h1|"));
        assertThat(coloured.lines().filter(l -> l.contains("web@h1|"))).allSatisfy(l -> assertThat(l).startsWith(webPrefix));

        String noColour = coordinators.run(List.of("a"), c -> c.terminal(Terminal.fixed(80)).env(Map.of("NO_COLOR", "1")),
                "logs", "--all").out();
        assertThat(noColour).doesNotContain("\u001b").startsWith("web@h1| GET /\n");

        assertThat(coordinators.run("logs", "--all").out()).doesNotContain("\u001b");
    }

    @Test
    void lineBytesAreWrittenAsTheyAre() {
        byte[] raw = {(byte) 0xff, (byte) 0xfe, 'x', '\r', 0x1b};
        coordinator.logs = r -> Script.ending(List.of(line("web@h1", 1, raw)));

        Result r = coordinators.run("logs", "web@h1");

        assertThat(r.outBytes()).containsExactly((byte) 0xff, (byte) 0xfe, 'x', '\r', 0x1b, '\n');
    }

    @Test
    void aClosedStandardOutputEndsItQuietlyAsSigpipeWould() throws InterruptedException {
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.OutputStream closed = new java.io.OutputStream() {
            @Override
            public void write(int b) throws java.io.IOException {
                throw new java.io.IOException("Broken pipe");
            }
        };
        coordinator.logs = r -> Script.following(List.of(line("web@h1", 1, "one"), line("web@h1", 2, "two")));

        int status = io.dmon.cli.DmonCtl.execute(coordinators.context(new java.io.ByteArrayOutputStream(), err)
                .out(closed).build(), "--coordinator", coordinators.address("a"), "logs", "-f", "web@h1");

        assertThat(status).isEqualTo(141);
        assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8)).isEmpty();
        assertThat(coordinator.openStreams).hasSize(1);
        assertThat(coordinator.openStreamsCancelled()).isTrue();
    }

    @Test
    void aNameWithoutHostIsTheJobOfThatNameWhenOnlyOneHostHasIt() {
        coordinator.listJobs = r -> Protos.jobs(io.dmon.proto.v1.JobView.newBuilder().setJob(Protos.job("rsync", "h1", "rsync")).build(),
                io.dmon.proto.v1.JobView.newBuilder().setJob(Protos.job("web", "h1", "serve")).build(), io.dmon.proto.v1.JobView.newBuilder().setJob(Protos.job("web", "h2", "serve")).build());

        Result one = coordinators.run("logs", "rsync");
        Result two = coordinators.run("logs", "web");
        Result none = coordinators.run("logs", "nosuch");

        assertThat(one.status()).isZero();
        assertThat(coordinator.requests(LogsRequest.class).get(0).getJobIdsList()).containsExactly("rsync@h1");
        assertThat(two.status()).isEqualTo(2);
        assertThat(two.err()).isEqualTo("dmonctl: job name 'web' is on 2 hosts (web@h1, web@h2): give NAME@HOST\n");
        assertThat(none.status()).isEqualTo(3);
        assertThat(none.err()).isEqualTo("dmonctl: no job named 'nosuch' on any host\n");
    }

    @Test
    void tagsLabelsAndSeveralHostsAreTheJobsThatMatchWhenAsked() {
        coordinator.listJobs = r -> r.hasSelector()
                ? Protos.jobs(io.dmon.proto.v1.JobView.newBuilder().setJob(Protos.job("a", "h1", "x")).build(), io.dmon.proto.v1.JobView.newBuilder().setJob(Protos.job("b", "h2", "x")).build())
                : Protos.jobs();

        Result r = coordinators.run("logs", "--tag", "nightly", "--host", "h1", "--host", "h2");

        assertThat(r.status()).isZero();
        ListJobsRequest asked = coordinator.requests(ListJobsRequest.class).get(0);
        assertThat(asked.getSelector().getTag()).isEqualTo("nightly");
        assertThat(asked.getSelector().getHostsList()).containsExactly("h1", "h2");
        assertThat(coordinator.requests(LogsRequest.class).get(0).getJobIdsList()).containsExactly("a@h1", "b@h2");
    }

    @Test
    void exactlyOneKindOfSelector() {
        for (String[] args : List.of(new String[] {"logs"}, new String[] {"logs", "--all", "web@h1"},
                new String[] {"logs", "--host", "h1", "--all"})) {
            Result r = coordinators.run(args);
            assertThat(r.status()).isEqualTo(2);
            assertThat(r.err()).startsWith("dmonctl: ").hasLineCount(1);
        }
        assertThat(coordinators.run("logs", "-n", "x", "web@h1").err())
                .isEqualTo("dmonctl: -n: 'x' is not a number of lines (or 'all')\n");
        assertThat(coordinator.requests).isEmpty();
    }

    @Test
    void anUnknownJobIsNotFound() {
        coordinator.logs = r -> {
            throw FakeCoordinator.fail(Status.NOT_FOUND.withDescription("no job nope@h1"));
        };

        Result r = coordinators.run("logs", "nope@h1");

        assertThat(r.status()).isEqualTo(3);
        assertThat(r.err()).isEqualTo("dmonctl: no job nope@h1\n");
    }

    @Test
    void chunksArePrintedInOrderLineByLine() {
        coordinator.logChunks = r -> Script.ending(List.of(
                chunk(line("web@h1", 7, "GET /"), line("db@h2", 3, "checkpoint"), line("web@h1", 8, "GET /x")),
                chunk(line("db@h2", 4, "vacuum")),
                chunk(line("web@h1", 9, "GET /y"), line("db@h2", 5, "done"))));

        Result r = coordinators.run("logs", "-f", "web@h1", "db@h2");

        assertThat(r.status()).isZero();
        assertThat(r.out()).isEqualTo("web@h1| GET /\ndb@h2| checkpoint\nweb@h1| GET /x\ndb@h2| vacuum\n"
                + "web@h1| GET /y\ndb@h2| done\n");
        assertThat(r.err()).isEmpty();
        assertThat(onlyRequest().getFollow()).isTrue();
    }

    @Test
    void skippedLinesAreSaidOncePerGapOnStandardErrorAndTheLinesGoOn() {
        coordinator.logChunks = r -> Script.ending(List.of(
                LogChunk.newBuilder().addLines(line("web@h1", 1, "one")).addLines(line("web@h1", 2, "two"))
                        .addSkipped(gap("web@h1", 3, 7)).addLines(line("web@h1", 8, "eight")).build(),
                LogChunk.newBuilder().addSkipped(gap("web@h1", 9, 9000)).addLines(line("web@h1", 9001, "later"))
                        .build()));

        Result r = coordinators.run("logs", "-f", "web@h1");

        assertThat(r.status()).isZero();
        assertThat(r.out()).isEqualTo("one\ntwo\neight\nlater\n");
        assertThat(r.err()).isEqualTo(
                "dmonctl: web@h1: skipped lines 3-7 (gone: beyond what the job's host keeps)\n"
                + "dmonctl: web@h1: skipped lines 9-9000 (gone: beyond what the job's host keeps)\n");
    }

    @Test
    void aGapReportedAgainAfterAResumeIsNotSaidTwice() {
        FakeCoordinator b = coordinators.start("b");
        List<LogChunk> first = List.of(LogChunk.newBuilder().addLines(line("web@h1", 1, "one"))
                .addSkipped(gap("web@h1", 2, 5)).addLines(line("web@h1", 6, "six")).build());
        coordinator.logChunks = r -> Script.breaking(first, Status.UNAVAILABLE.withDescription("bye"));
        b.logChunks = r -> Script.ending(List.of(first.get(0), chunk(line("web@h1", 7, "seven"))));

        Result r = coordinators.run(List.of("a", "b"), c -> { }, "logs", "-f", "-n", "all", "web@h1");

        assertThat(r.status()).isZero();
        assertThat(r.out()).isEqualTo("one\nsix\nseven\n");
        assertThat(r.err()).contains("going on through another")
                .containsOnlyOnce("dmonctl: web@h1: skipped lines 2-5 (gone: beyond what the job's host keeps)\n");
    }

    @Test
    void sinceAsksForEveryLineFromThatTimeOrTheLastNOfThem() {
        Result all = coordinators.run("logs", "--since", "10m", "web@h1");
        Result some = coordinators.run("logs", "--since", "2027-01-15T07:30", "-n", "5", "-f", "web@h1");

        assertThat(all.status()).isZero();
        LogsRequest first = coordinator.requests(LogsRequest.class).get(0);
        assertThat(first.getSinceUnixMs()).isEqualTo(Coordinators.NOW - 600_000);
        assertThat(first.getTail()).as("all since then").isEqualTo(-1);
        LogsRequest second = coordinator.requests(LogsRequest.class).get(1);
        // The test context's clock is in UTC.
        assertThat(second.getSinceUnixMs()).isEqualTo(Coordinators.NOW - 1_800_000);
        assertThat(second.getTail()).isEqualTo(5);
        assertThat(second.getFollow()).isTrue();
        assertThat(coordinators.run("logs", "web@h1").status()).isZero();
        assertThat(coordinator.requests(LogsRequest.class).get(2).getSinceUnixMs()).as("no --since").isZero();
    }

    @Test
    void aSinceInTheFutureOrNotATimeIsAUsageError() {
        Result future = coordinators.run("logs", "--since", "2027-01-15T08:00:01Z", "web@h1");
        Result garbage = coordinators.run("logs", "-f", "--since", "last tuesday", "web@h1");

        assertThat(future.status()).isEqualTo(2);
        assertThat(future.err()).isEqualTo("dmonctl: --since: '2027-01-15T08:00:01Z' is in the future\n");
        assertThat(garbage.status()).isEqualTo(2);
        assertThat(garbage.err()).startsWith("dmonctl: --since: 'last tuesday' is not a duration").hasLineCount(1);
        assertThat(coordinator.requests).isEmpty();
    }

    @Test
    void linesOlderThanSinceFromACoordinatorThatIgnoresItAreNotShown() {
        coordinator.logs = r -> Script.ending(List.of(
                line("web@h1", 1, "old").toBuilder().setUnixMs(Coordinators.NOW - 700_000).build(),
                line("web@h1", 2, "new").toBuilder().setUnixMs(Coordinators.NOW - 500_000).build()));

        assertThat(coordinators.run("logs", "--since", "10m", "web@h1").out()).isEqualTo("new\n");
    }

    @Test
    void timestampsComeFirstOnEachLine() {
        coordinator.logs = r -> Script.ending(List.of(line("web@h1", 7, "GET /"),
                stderr(line("db@h2", 3, "oops")).toBuilder().setUnixMs(Coordinators.NOW + 1_234).build()));

        assertThat(coordinators.run("logs", "--timestamps", "web@h1", "db@h2").out()).isEqualTo(
                "2027-01-15T08:00:00.000Z web@h1| GET /\n2027-01-15T08:00:01.234Z db@h2! oops\n");
        assertThat(coordinators.run("logs", "--timestamps", "web@h1").out()).isEqualTo(
                "2027-01-15T08:00:00.000Z GET /\n2027-01-15T08:00:01.234Z ! oops\n");
    }

    @Test
    void jsonIsOneObjectPerLineWithTheGapsInPlace() {
        coordinator.logChunks = r -> Script.ending(List.of(
                LogChunk.newBuilder().addLines(line("web@h1", 1, "one")).addSkipped(gap("web@h1", 2, 4))
                        .addLines(stderr(line("web@h1", 5, new byte[] {'f', (byte) 0xe9, 0x1b})).toBuilder().setRun(2))
                        .build()));

        Result r = coordinators.run("logs", "--json", "-n", "all", "web@h1");

        assertThat(r.status()).isZero();
        assertThat(r.out()).isEqualTo(""
                + "{\"job\":\"web@h1\",\"host\":\"h1\",\"run\":1,\"seq\":1,\"time\":\"2027-01-15T08:00:00.000Z\","
                + "\"unix_ms\":1800000000000,\"stream\":\"stdout\",\"line\":\"one\"}\n"
                + "{\"skipped\":{\"job\":\"web@h1\",\"host\":\"h1\",\"from_seq\":2,\"to_seq\":4,"
                + "\"host_unreachable\":false}}\n"
                + "{\"job\":\"web@h1\",\"host\":\"h1\",\"run\":2,\"seq\":5,\"time\":\"2027-01-15T08:00:00.000Z\","
                + "\"unix_ms\":1800000000000,\"stream\":\"stderr\",\"line\":\"f\\udce9\\u001b\"}\n");
        assertThat(r.err()).contains("skipped lines 2-4");
        // Objects of one stream only, and never anything a terminal would obey.
        assertThat(coordinators.run(List.of("a"), c -> c.terminal(io.dmon.cli.Terminal.fixed(80)), "logs", "--json",
                "--stderr", "web@h1").out()).doesNotContain("\u001b").contains("\"seq\":5").doesNotContain("\"seq\":1,");
    }

    @Test
    void onATerminalControlsAreMadeVisibleUnlessRaw() {
        byte[] hostile = "\u001b]0;pwned\u0007\u001b[2Jdone\r".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        coordinator.logs = r -> Script.ending(List.of(line("web@h1", 1, hostile), line("web@h1", 2, "tab\there")));

        Result shown = coordinators.run(List.of("a"), c -> c.terminal(Terminal.fixed(80)), "logs", "web@h1");
        Result raw = coordinators.run(List.of("a"), c -> c.terminal(Terminal.fixed(80)), "logs", "--raw", "web@h1");
        Result piped = coordinators.run("logs", "web@h1");
        Result pipedRaw = coordinators.run("logs", "--raw", "web@h1");

        assertThat(shown.out()).isEqualTo("\\e]0;pwned\\x07\\e[2Jdone\\x0d\ntab\there\n");
        byte[] exact = (new String(hostile, java.nio.charset.StandardCharsets.UTF_8) + "\ntab\there\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(raw.outBytes()).isEqualTo(exact);
        assertThat(piped.outBytes()).isEqualTo(exact);
        assertThat(pipedRaw.outBytes()).isEqualTo(exact);
    }

    private static LogChunk chunk(LogLine... lines) {
        return LogChunk.newBuilder().addAllLines(List.of(lines)).build();
    }

    private static SkippedLines gap(String jobId, long from, long to) {
        return SkippedLines.newBuilder().setJobId(jobId).setFromSeq(from).setToSeq(to).build();
    }
}
