package io.dmon.coordinator.operator;

import static io.dmon.coordinator.Fixtures.lines;
import static io.dmon.coordinator.Fixtures.runOn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dmon.coordinator.ChunkLines;
import io.dmon.coordinator.Eventually;
import io.dmon.coordinator.FakeAgent;
import io.dmon.coordinator.ServiceHarness;
import io.dmon.coordinator.store.FleetStore;
import io.dmon.coordinator.store.FreePorts;
import io.dmon.coordinator.store.HazelcastFleetStore;
import io.dmon.coordinator.store.StoreSettings;
import io.dmon.proto.v1.Job;
import io.dmon.proto.v1.LogChunk;
import io.dmon.proto.v1.LogLine;
import io.dmon.proto.v1.LogsRequest;
import io.dmon.proto.v1.RemoveRequest;
import io.dmon.proto.v1.Selector;
import io.dmon.proto.v1.SkippedLines;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** LogChunks over in-process gRPC on a real store whose rings keep {@value #RING} lines per job. */
class LogChunksTest {
    private static final int RING = 1000;
    private static final AtomicInteger HOSTS = new AtomicInteger();
    private static FleetStore store;
    private ServiceHarness coordinator;
    private FakeAgent agent;
    private String host;

    @BeforeAll
    static void startStore() throws Exception {
        int port = FreePorts.next();
        store = HazelcastFleetStore.start(new StoreSettings("dmon-logchunks-" + port, "127.0.0.1", port, List.of(),
                1, RING, 1000));
    }

    @AfterAll
    static void stopStore() {
        store.close();
    }

    @BeforeEach
    void start() throws Exception {
        host = "lc" + HOSTS.incrementAndGet();
        coordinator = new ServiceHarness(store, "coordinator-" + host);
        agent = coordinator.agent();
        agent.registerAndAwaitAssignment(host, Map.of());
    }

    @AfterEach
    void stop() throws Exception {
        agent.close();
        coordinator.close();
    }

    @Test
    void historyComesInCappedChunksInTimeOrder() {
        List<String> jobs = List.of(job("a"), job("b"), job("c"));
        for (String id : jobs) {
            // 1,500 lines each, the same times for every job: the merge interleaves them. The ring keeps 1,000.
            store(id, 1, 1500);
        }
        for (LogsRequest request : List.of(LogsRequest.newBuilder().setHost(host).setTail(-1).build(),
                LogsRequest.newBuilder().addAllJobIds(jobs).setTail(7).build(),
                LogsRequest.newBuilder().addJobIds(jobs.get(1)).setTail(0).build())) {
            List<LogChunk> chunks = new ArrayList<>();
            coordinator.operator().logChunks(request).forEachRemaining(chunks::add);
            List<LogLine> lines = chunks.stream().flatMap(c -> c.getLinesList().stream()).toList();

            assertThat(chunks).allSatisfy(c -> {
                assertThat(c.getLinesCount()).isBetween(1, LogChunkSource.MAX_LINES);
                assertThat(c.getSkippedList()).isEmpty();
            });
            long perJob = request.getTail() == -1 ? RING : request.getTail();
            List<String> chosen = request.getJobIdsCount() == 0 ? jobs : request.getJobIdsList();
            assertThat(lines).extracting(l -> l.getJobId() + "#" + l.getSeq()).containsExactlyInAnyOrderElementsOf(
                    chosen.stream().flatMap(id -> LongStream.rangeClosed(1500 - perJob + 1, 1500)
                            .mapToObj(seq -> id + "#" + seq)).toList());
            assertThat(lines).isSortedAccordingTo(LogChunkSource.IN_TIME_ORDER);
        }
        assertThat(count(LogsRequest.newBuilder().setHost(host).setTail(-1).build())).isEqualTo(2);
    }

    @Test
    void aFollowerIsWokenByTheAppendOfItsJobsLinesNotByItsNextLook() throws Exception {
        String id = job("woken");
        store(id, 1, 3);
        // Followers of this coordinator look by themselves only once an hour: every line below
        // reaches the follower because its append woke it.
        try (ServiceHarness sleepy = new ServiceHarness(store, "sleepy-" + host, java.time.Duration.ofHours(1))) {
            ChunkStream stream = new ChunkStream(sleepy.operatorAsync(),
                    LogsRequest.newBuilder().addJobIds(id).setTail(0).setFollow(true).build(), 1000);
            // The stream starts at the ring's end once the call is served; lines until then are
            // history nobody asked for. Append until one arrives.
            long next = 4;
            LogChunk first = null;
            long deadline = System.nanoTime() + Eventually.DEADLINE.toNanos();
            while (first == null && System.nanoTime() < deadline) {
                store(id, next, next);
                next++;
                first = stream.poll();
                if (first == null) {
                    Thread.sleep(50);
                    first = stream.poll();
                }
            }
            assertThat(first).as("a chunk woken by an append").isNotNull();
            long from = seqs(first).get(0);
            List<Long> delivered = new ArrayList<>(seqs(first));
            store(id, next, next + 9);
            while (delivered.get(delivered.size() - 1) < next + 9) {
                LogChunk more = stream.next();
                assertThat(more.getSkippedList()).isEmpty();
                delivered.addAll(seqs(more));
            }
            assertThat(delivered).containsExactlyElementsOf(LongStream.rangeClosed(from, next + 9).boxed().toList());
            stream.cancel();
            assertThat(stream.awaitEnd().getCode()).isEqualTo(Status.Code.CANCELLED);
        }
    }

    @Test
    void aFollowerOfAJobRemovedAndRunAgainGetsTheNewJobsLinesFromItsFirst() throws Exception {
        Job first = coordinator.operator().run(runOn(host, "again").toBuilder().setName("again").build())
                .getJobs(0);
        String id = first.getId();
        storeOf(first, 1, 50);
        ChunkStream stream = new ChunkStream(coordinator.operatorAsync(),
                LogsRequest.newBuilder().addJobIds(id).setTail(-1).setFollow(true).build(), 1000);
        List<LogLine> got = new ArrayList<>();
        while (got.size() < 50) {
            got.addAll(stream.next().getLinesList());
        }
        coordinator.operator().remove(RemoveRequest.newBuilder()
                .setSelector(Selector.newBuilder().addJobIds(id)).setForce(true).setBy("test").build());
        Job second = coordinator.operator().run(runOn(host, "again").toBuilder().setName("again").build())
                .getJobs(0);
        assertThat(second.getCreatedUnixMs()).as("the premise: a later creation").isGreaterThan(first.getCreatedUnixMs());
        storeOf(second, 1, 20);
        while (got.size() < 70) {
            LogChunk chunk = stream.next();
            assertThat(chunk.getSkippedList()).isEmpty();
            got.addAll(chunk.getLinesList());
        }
        assertThat(got).extracting(l -> l.getJobCreatedUnixMs() + "#" + l.getSeq()).containsExactlyElementsOf(
                expectedOf(first, 50, second, 20));
        stream.cancel();
    }

    private static List<String> expectedOf(Job first, int firstLines, Job second,
            int secondLines) {
        List<String> out = new ArrayList<>();
        LongStream.rangeClosed(1, firstLines).forEach(seq -> out.add(first.getCreatedUnixMs() + "#" + seq));
        LongStream.rangeClosed(1, secondLines).forEach(seq -> out.add(second.getCreatedUnixMs() + "#" + seq));
        return out;
    }

    /** Lines {@code from..to} of {@code job}, naming its creation as an agent's do, stored. */
    private void storeOf(Job job, long from, long to) {
        agent.logs(lines(job.getId(), from, to, 1_000_000).stream()
                .map(l -> l.toBuilder().setJobCreatedUnixMs(job.getCreatedUnixMs()).build()).toList());
        agent.awaitMessage("ack of " + to, m -> m.hasAck() && m.getAck().getCursorsList().stream()
                .anyMatch(c -> c.getJobId().equals(job.getId()) && c.getSeq() == to));
    }

    @Test
    void refusesUnknownJobsAndHostsTwoSelectorsAndABadTail() {
        assertRefused(LogsRequest.newBuilder().addJobIds("nope@" + host).build(), Status.Code.NOT_FOUND,
                "unknown job 'nope@" + host + "'");
        assertRefused(LogsRequest.newBuilder().setHost("nope").build(), Status.Code.NOT_FOUND, "unknown host 'nope'");
        assertRefused(LogsRequest.newBuilder().setAll(true).setHost(host).build(), Status.Code.INVALID_ARGUMENT,
                "give exactly one of job ids, host, all");
        assertRefused(LogsRequest.newBuilder().setAll(true).setTail(-2).build(), Status.Code.INVALID_ARGUMENT,
                "bad tail -2: give -1 (all kept), 0 or more");
    }

    @Test
    void linesOverwrittenBeforeTheFollowerReadThemAreReportedExactly() throws Exception {
        String id = job("fast");
        store(id, 1, 50);
        // The follower takes one message (the history), then reads nothing while the job writes on.
        ChunkStream stream = new ChunkStream(coordinator.operatorAsync(),
                LogsRequest.newBuilder().addJobIds(id).setTail(5).setFollow(true).build(), 1);
        LogChunk history = stream.next();
        assertThat(seqs(history)).containsExactly(46L, 47L, 48L, 49L, 50L);
        assertThat(history.getSkippedList()).isEmpty();

        // More than the ring (1,000) and what the coordinator reads ahead for a busy reader
        // (LogChunkSource.AHEAD_LINES) hold together: some lines are overwritten unread, and the
        // host keeps none of them.
        long total = 51 + LogChunkSource.AHEAD_LINES + 10L * RING;
        store(id, 51, total);
        stream.request(100_000);

        // Every line is delivered or said skipped, once, in order; the ring's last lines come.
        long skipped = 0;
        long next = 51;
        while (next <= total) {
            LogChunk chunk = stream.next();
            List<SkippedLines> gaps = new ArrayList<>(chunk.getSkippedList());
            for (LogLine line : chunk.getLinesList()) {
                while (!gaps.isEmpty() && gaps.get(0).getFromSeq() < line.getSeq()) {
                    SkippedLines gap = gaps.remove(0);
                    assertThat(gap.getFromSeq()).isEqualTo(next);
                    skipped += gap.getToSeq() - gap.getFromSeq() + 1;
                    next = gap.getToSeq() + 1;
                }
                assertThat(line.getSeq()).isEqualTo(next);
                next++;
            }
            // A gap said at a chunk's end: its lines after it come in the next chunk.
            for (SkippedLines gap : gaps) {
                assertThat(gap.getFromSeq()).isEqualTo(next);
                skipped += gap.getToSeq() - gap.getFromSeq() + 1;
                next = gap.getToSeq() + 1;
            }
        }
        assertThat(next).isEqualTo(total + 1);
        assertThat(skipped).isPositive().isLessThanOrEqualTo(total - 50 - RING);
        stream.cancel();
        assertThat(stream.awaitEnd().getCode()).isEqualTo(Status.Code.CANCELLED);
    }

    @Test
    void aFollowerThatFellBehindTheRingGetsTheMissedLinesFromTheHostInOrderWithoutASkip() throws Exception {
        String id = job("kept");
        store(id, 1, 50);
        ChunkStream stream = new ChunkStream(coordinator.operatorAsync(),
                LogsRequest.newBuilder().addJobIds(id).setTail(5).setFollow(true).build(), 1);
        assertThat(seqs(stream.next())).containsExactly(46L, 47L, 48L, 49L, 50L);
        // The host keeps every line (its spool); the ring only the last 1,000, and the follower,
        // not reading, more than the coordinator reads ahead for it goes by.
        int total = 51 + LogChunkSource.AHEAD_LINES + 10 * RING;
        agent.keep(lines(id, 1, total, 1_000_000));
        store(id, 51, total);
        stream.request(100_000);
        List<Long> delivered = new ArrayList<>();
        while (delivered.size() < total - 50) {
            LogChunk more = stream.next();
            assertThat(more.getSkippedList()).isEmpty();
            delivered.addAll(seqs(more));
        }
        assertThat(delivered).containsExactlyElementsOf(LongStream.rangeClosed(51, total).boxed().toList());
        stream.cancel();

        // History reaching back past the ring is read from the host too.
        List<LogLine> all = ChunkLines.all(coordinator.operator().logChunks(
                LogsRequest.newBuilder().addJobIds(id).setTail(2500).build()));
        assertThat(all).extracting(LogLine::getSeq)
                .containsExactlyElementsOf(LongStream.rangeClosed(total - 2499, total).boxed().toList());
    }

    @Test
    void linesFarBeyondTheRingAreAskedOfTheHostInSeveralWindowsAtOnceAndComeInOrder() throws Exception {
        String id = job("far");
        agent.keep(lines(id, 1, 30_050, 1_000_000)).holdAnswers();
        store(id, 1, 30_050);
        // All of it, and the ring keeps 1,000: the host is asked for windows of 5,000 lines, four
        // at once and no more while none is answered.
        ChunkStream stream = new ChunkStream(coordinator.operatorAsync(),
                LogsRequest.newBuilder().addJobIds(id).setTail(-1).build(), 100_000);
        int asked = Eventually.await("four reads asked of the host", agent::heldAnswers, n -> n >= 4);
        assertThat(asked).isEqualTo(4);
        agent.answerHeld();
        assertThat(deliveredWithoutSkip(stream, 30_050)).containsExactlyElementsOf(
                LongStream.rangeClosed(1, 30_050).boxed().toList());
        assertThat(stream.awaitEnd().getCode()).isEqualTo(Status.Code.OK);
    }

    @Test
    void aFollowerOnAnotherCoordinatorGetsTheMissedLinesThroughTheOneHoldingTheHost() throws Exception {
        String id = job("routed");
        store(id, 1, 50);
        try (ServiceHarness other = new ServiceHarness(store, "other-" + host)) {
            ChunkStream stream = new ChunkStream(other.operatorAsync(),
                    LogsRequest.newBuilder().addJobIds(id).setTail(5).setFollow(true).build(), 1);
            assertThat(seqs(stream.next())).containsExactly(46L, 47L, 48L, 49L, 50L);
            int total = 51 + LogChunkSource.AHEAD_LINES + 10 * RING;
            agent.keep(lines(id, 1, total, 1_000_000));
            store(id, 51, total);
            stream.request(100_000);
            assertThat(deliveredWithoutSkip(stream, total - 50)).containsExactlyElementsOf(
                    LongStream.rangeClosed(51, total).boxed().toList());
            stream.cancel();

            // History past the ring, asked of the coordinator that does not hold the host.
            List<LogLine> all = ChunkLines.all(other.operator().logChunks(
                    LogsRequest.newBuilder().addJobIds(id).setTail(-1).build()));
            assertThat(all).extracting(LogLine::getSeq)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
        }
    }

    @Test
    void followersWaitingForASlowHostHoldNoThreadOtherFollowersNeed() throws Exception {
        String slow = job("slow");
        String busy = job("busy");
        store(slow, 1, 50);
        store(busy, 1, 1);
        agent.holdAnswers();
        // More followers waiting for the host than the coordinator has follow threads (two).
        List<ChunkStream> behind = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ChunkStream stream = new ChunkStream(coordinator.operatorAsync(),
                    LogsRequest.newBuilder().addJobIds(slow).setTail(1).setFollow(true).build(), 1);
            assertThat(seqs(stream.next())).containsExactly(50L);
            behind.add(stream);
        }
        // More than the ring and what is read ahead for a busy reader hold: they fall behind.
        int total = 51 + LogChunkSource.AHEAD_LINES + 10 * RING;
        agent.keep(lines(slow, 1, total, 1_000_000));
        store(slow, 51, total);
        behind.forEach(stream -> stream.request(100_000));
        Eventually.awaitTrue("every follower behind the ring asked the host", () -> agent.heldAnswers() >= 3);

        ChunkStream other = new ChunkStream(coordinator.operatorAsync(),
                LogsRequest.newBuilder().addJobIds(busy).setTail(1).setFollow(true).build(), 10);
        assertThat(seqs(other.next())).containsExactly(1L);
        store(busy, 2, 2);
        assertThat(seqs(other.next())).containsExactly(2L);
        // Still unanswered: the line above did not wait for the host reads to give up.
        assertThat(agent.heldAnswers()).isGreaterThanOrEqualTo(3);
        other.cancel();

        agent.answerHeld();
        for (ChunkStream stream : behind) {
            assertThat(deliveredWithoutSkip(stream, total - 50)).containsExactlyElementsOf(
                    LongStream.rangeClosed(51, total).boxed().toList());
            stream.cancel();
        }
    }

    @Test
    void aHostThatCannotBeAskedMakesThePartOutsideTheRingAPartialSkip() throws Exception {
        String id = job("down");
        store(id, 1, 1500);
        agent.close();
        List<LogChunk> chunks = new ArrayList<>();
        coordinator.operator().logChunks(LogsRequest.newBuilder().addJobIds(id).setTail(1200).build())
                .forEachRemaining(chunks::add);
        assertThat(chunks.get(0).getSkippedList()).containsExactly(gap(id, 301, 500).toBuilder().setHostUnreachable(true).build());
        assertThat(chunks.stream().mapToInt(LogChunk::getLinesCount).sum()).isEqualTo(1000);
    }

    @Test
    void aSeqJumpInTheStoredLinesIsAGapInHistoryAndWhileFollowing() throws Exception {
        String id = job("spool");
        store(id, 1, 10);
        ChunkStream stream = new ChunkStream(coordinator.operatorAsync(),
                LogsRequest.newBuilder().addJobIds(id).setTail(-1).setFollow(true).build(), 100);
        assertThat(seqs(stream.next())).hasSize(10).endsWith(10L);

        // The agent's spool overflowed: 11..19 were never sent.
        store(id, 20, 30);
        LogChunk chunk = stream.next();
        assertThat(chunk.getSkippedList()).containsExactly(gap(id, 11, 19));
        assertThat(seqs(chunk)).first().isEqualTo(20L);
        stream.cancel();

        List<LogChunk> history = new ArrayList<>();
        coordinator.operator().logChunks(LogsRequest.newBuilder().addJobIds(id).setTail(-1).build())
                .forEachRemaining(history::add);
        // The host is asked about 11..19 without holding the stream's thread: the lines before
        // the gap may go in a chunk of their own.
        assertThat(history.stream().flatMap(c -> c.getSkippedList().stream())).containsExactly(gap(id, 11, 19));
        assertThat(history.stream().mapToInt(LogChunk::getLinesCount).sum()).isEqualTo(21);
        // History asked for only from line 25 on: nothing before it is missed.
        List<LogChunk> last = new ArrayList<>();
        coordinator.operator().logChunks(LogsRequest.newBuilder().addJobIds(id).setTail(6).build())
                .forEachRemaining(last::add);
        assertThat(last.get(0).getSkippedList()).isEmpty();
    }

    @Test
    void aFollowerOfABurstGetsEveryLineOrTheExactRangesItMissed() throws Exception {
        String id = job("burst");
        int total = 30_000;
        ChunkStream stream = new ChunkStream(coordinator.operatorAsync(),
                LogsRequest.newBuilder().addJobIds(id).setTail(10).setFollow(true).build(), Integer.MAX_VALUE);
        long started = System.nanoTime();
        for (int from = 1; from <= total; from += 500) {
            agent.logs(lines(id, from, from + 499, 1_000_000));
        }
        // seq -> last seq of what was delivered or reported from there on, with no overlap.
        TreeMap<Long, Long> covered = new TreeMap<>();
        long delivered = 0;
        long skipped = 0;
        long next = 0;
        long first = 0;
        while (next == 0 || next <= total) {
            LogChunk chunk = stream.next(() -> "" + covered);
            assertThat(chunk.getLinesCount() + chunk.getSkippedCount()).isPositive();
            for (SkippedLines gap : chunk.getSkippedList()) {
                assertThat(gap.getJobId()).isEqualTo(id);
                assertThat(covered.put(gap.getFromSeq(), gap.getToSeq())).isNull();
                skipped += gap.getToSeq() - gap.getFromSeq() + 1;
            }
            for (LogLine line : chunk.getLinesList()) {
                assertThat(covered.put(line.getSeq(), line.getSeq())).isNull();
                delivered++;
            }
            if (next == 0 && !covered.isEmpty()) {
                // The stream may be served after the first batches were stored: its history is
                // then the last 10 lines at that moment, and what came before is not a gap.
                first = covered.firstKey();
                next = first;
            }
            while (covered.containsKey(next)) {
                next = covered.get(next) + 1;
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("LogChunksTest burst: %,d lines into a %,d-line ring: %,d delivered, %,d reported "
                + "skipped, %.2f s (%,.0f lines/s)%n", total, RING, delivered, skipped, seconds, total / seconds);
        // Every seq from the first one shown, once, delivered or reported, nothing beyond.
        assertThat(first).isBetween(1L, total - 9L);
        assertThat(delivered + skipped).isEqualTo(total - first + 1);
        assertThat(covered.lastEntry().getValue()).isEqualTo(total);
        stream.cancel();
    }

    @Test
    void sinceKeepsTheRingsLinesFromThatTimeOnAndTailCountsAmongThem() {
        String id = job("recent");
        // Line n is stamped 1,000,000 + n ms (Fixtures.lines).
        store(id, 1, 50);
        long since = 1_000_041;

        assertThat(seqsOf(LogsRequest.newBuilder().addJobIds(id).setTail(-1).setSinceUnixMs(since).build()))
                .containsExactlyElementsOf(LongStream.rangeClosed(41, 50).boxed().toList());
        assertThat(seqsOf(LogsRequest.newBuilder().addJobIds(id).setTail(3).setSinceUnixMs(since).build()))
                .containsExactly(48L, 49L, 50L);
        assertThat(seqsOf(LogsRequest.newBuilder().addJobIds(id).setTail(20).setSinceUnixMs(since).build()))
                .as("fewer lines since the time than -n").hasSize(10).startsWith(41L);
        assertThat(seqsOf(LogsRequest.newBuilder().addJobIds(id).setTail(-1).setSinceUnixMs(1_000_051).build()))
                .isEmpty();
        assertThat(seqsOf(LogsRequest.newBuilder().setHost(host).setTail(-1).setSinceUnixMs(since).build()))
                .as("by host").hasSize(10);
    }

    @Test
    void sinceReachingPastTheRingReadsTheHostFromThatTimeOnOnly() {
        String id = job("longago");
        store(id, 1, 3000);
        // The host keeps every line; the ring only 2001..3000.
        agent.keep(lines(id, 1, 3000, 1_000_000));
        List<LogChunk> chunks = new ArrayList<>();
        coordinator.operator().logChunks(LogsRequest.newBuilder().addJobIds(id).setTail(-1).setSinceUnixMs(1_001_500)
                .build()).forEachRemaining(chunks::add);

        assertThat(chunks.stream().flatMap(c -> c.getSkippedList().stream())).isEmpty();
        assertThat(chunks.stream().flatMap(c -> seqs(c).stream()))
                .containsExactlyElementsOf(LongStream.rangeClosed(1500, 3000).boxed().toList());
        // The start is found with one-line reads; the 1,499 older lines never leave the host.
        assertThat(agent.linesServed()).as("lines the host sent").isBetween(501L, 501L + 40);

        // -n counts among the lines since the time, from the host too.
        List<LogLine> last = ChunkLines.all(coordinator.operator().logChunks(LogsRequest.newBuilder().addJobIds(id)
                .setTail(1200).setSinceUnixMs(1_001_500).build()));
        assertThat(last).extracting(LogLine::getSeq)
                .containsExactlyElementsOf(LongStream.rangeClosed(1801, 3000).boxed().toList());
        assertThat(seqsOf(LogsRequest.newBuilder().addJobIds(id).setTail(2000).setSinceUnixMs(1_001_500).build()))
                .as("fewer since the time than -n").containsExactlyElementsOf(LongStream.rangeClosed(1500, 3000).boxed().toList());
    }

    @Test
    void aFollowerWithSinceGetsNewLinesAndNoGapForTheLinesBeforeTheTime() throws Exception {
        String id = job("sincefollow");
        store(id, 1, 20);
        ChunkStream stream = new ChunkStream(coordinator.operatorAsync(),
                LogsRequest.newBuilder().addJobIds(id).setTail(-1).setSinceUnixMs(1_000_016).setFollow(true).build(), 10);
        assertThat(seqs(stream.next())).containsExactly(16L, 17L, 18L, 19L, 20L);
        store(id, 21, 25);
        LogChunk next = stream.next();
        assertThat(next.getSkippedList()).isEmpty();
        assertThat(seqs(next)).containsExactly(21L, 22L, 23L, 24L, 25L);
        stream.cancel();

        // Nothing since the time yet: the first line of it comes, and no gap is said for those before.
        ChunkStream later = new ChunkStream(coordinator.operatorAsync(),
                LogsRequest.newBuilder().addJobIds(id).setTail(-1).setSinceUnixMs(1_000_030).setFollow(true).build(), 10);
        store(id, 26, 32);
        LogChunk first = later.next();
        assertThat(first.getSkippedList()).isEmpty();
        assertThat(seqs(first)).containsExactly(30L, 31L, 32L);
        later.cancel();
    }

    @Test
    void linesFromTheHostBeforeTheTimeAreDroppedWhenTheSeekWasCutShort() {
        String id = job("cutshort");
        store(id, 1, 3000);
        List<LogLine> kept = lines(id, 1, 3000, 1_000_000);
        AtomicInteger asked = new AtomicInteger();
        // The host cannot be asked at first (the seek gives up at seq 1), then answers.
        HostLogs flaky = (job, from, max) -> java.util.concurrent.CompletableFuture.completedFuture(
                asked.incrementAndGet() == 1 ? java.util.Optional.empty()
                        : java.util.Optional.of(new HostLogs.Kept(kept.stream().filter(l -> l.getSeq() >= from)
                                .limit(max).toList(), 1)));
        LogChunkSource source = new LogChunkSource(store.logs(), flaky, List.of(id), -1, 1_001_500, false, null,
                watched -> { });
        List<Long> seqs = new ArrayList<>();
        for (Follower.Poll<LogChunk> poll = source.poll(); ; poll = source.poll()) {
            poll.items().forEach(c -> {
                assertThat(c.getSkippedList()).isEmpty();
                seqs.addAll(seqs(c));
            });
            if (poll.last()) {
                break;
            }
            if (poll.wake() != null) {
                poll.wake().join();
            }
        }
        assertThat(seqs).containsExactlyElementsOf(LongStream.rangeClosed(1500, 3000).boxed().toList());
    }

    @Test
    void aNegativeSinceIsRefused() {
        assertRefused(LogsRequest.newBuilder().setAll(true).setSinceUnixMs(-1).build(), Status.Code.INVALID_ARGUMENT,
                "bad since -1: give a time in ms since the epoch, or 0 for none");
    }

    private List<Long> seqsOf(LogsRequest request) {
        List<Long> out = new ArrayList<>();
        coordinator.operator().logChunks(request).forEachRemaining(c -> {
            assertThat(c.getSkippedList()).isEmpty();
            out.addAll(seqs(c));
        });
        return out;
    }

    /** The next {@code count} lines' seqs, failing on any skip. */
    private static List<Long> deliveredWithoutSkip(ChunkStream stream, int count) throws InterruptedException {
        List<Long> delivered = new ArrayList<>();
        while (delivered.size() < count) {
            LogChunk more = stream.next();
            assertThat(more.getSkippedList()).isEmpty();
            delivered.addAll(seqs(more));
        }
        return delivered;
    }

    private String job(String name) {
        return coordinator.operator().run(runOn(host, name).toBuilder().setName(name).build()).getJobs(0).getId();
    }

    /** Sends lines {@code from..to} as the agent would and waits until they are stored. */
    private void store(String id, long from, long to) {
        for (long start = from; start <= to; start += 1000) {
            agent.logs(lines(id, start, Math.min(to, start + 999), 1_000_000));
        }
        agent.awaitMessage("ack of " + to, m -> m.hasAck() && m.getAck().getCursorsList().stream()
                .anyMatch(c -> c.getJobId().equals(id) && c.getSeq() == to));
    }

    private int count(LogsRequest request) {
        int[] n = {0};
        coordinator.operator().logChunks(request).forEachRemaining(c -> n[0]++);
        return n[0];
    }

    private void assertRefused(LogsRequest request, Status.Code code, String description) {
        assertThatThrownBy(() -> coordinator.operator().logChunks(request).hasNext())
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(code);
                    assertThat(e.getStatus().getDescription()).isEqualTo(description);
                });
    }

    private static SkippedLines gap(String id, long from, long to) {
        return SkippedLines.newBuilder().setJobId(id).setFromSeq(from).setToSeq(to).build();
    }

    private static List<Long> seqs(LogChunk chunk) {
        return chunk.getLinesList().stream().map(LogLine::getSeq).toList();
    }
}
