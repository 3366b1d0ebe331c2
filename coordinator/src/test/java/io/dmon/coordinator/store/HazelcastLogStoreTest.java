package io.dmon.coordinator.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.dmon.proto.v1.LogLine;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two real members with one backup each: lines survive the hard death of either member, a gap in
 * the seqs is taken, and replays through both members at once store every line once.
 */
class HazelcastLogStoreTest {
    private HazelcastInstance a;
    private HazelcastInstance b;

    @BeforeEach
    void startMembers() throws Exception {
        int portA = FreePorts.next();
        int portB = FreePorts.next();
        String cluster = "dmon-log-test-" + portA;
        a = member(cluster, portA, portB);
        b = member(cluster, portB, portA);
        // Both members own partitions before anything is written: the test of a hard death
        // must kill an owner of some of the data, not a member that holds nothing yet.
        Fleet.awaitSize(a, 2);
    }

    private static HazelcastInstance member(String cluster, int port, int peer) throws Exception {
        System.setProperty(MemberConfigFactory.PHONE_HOME, "false");
        return Hazelcast.newHazelcastInstance(MemberConfigFactory.create(
                new StoreSettings(cluster, "127.0.0.1", port, List.of("127.0.0.1:" + peer), 1, 10_000, 100)));
    }

    @AfterEach
    void stopMembers() {
        CompletableFuture.allOf(CompletableFuture.runAsync(() -> terminate(a)),
                CompletableFuture.runAsync(() -> terminate(b))).join();
    }

    private static void terminate(HazelcastInstance member) {
        if (member != null && member.getLifecycleService().isRunning()) {
            member.getLifecycleService().terminate();
        }
    }

    @Test
    void aGapInTheSeqsIsTakenAndNothingWaitsForTheMissingLines() {
        LogStore logs = new HazelcastLogStore(a);
        assertThat(logs.append("gap@h1", HazelcastFleetStoreTest.lines("gap@h1", 1, 3))).isEqualTo(3);
        assertThat(logs.append("gap@h1", HazelcastFleetStoreTest.lines("gap@h1", 10, 12))).isEqualTo(12);
        // The dropped seqs never come; a late replay of them would be older than what is stored.
        assertThat(logs.append("gap@h1", HazelcastFleetStoreTest.lines("gap@h1", 4, 9))).isEqualTo(12);
        assertThat(seqs(new HazelcastLogStore(b).tail("gap@h1", -1))).containsExactly(1L, 2L, 3L, 10L, 11L, 12L);
    }

    @Test
    void aLineLongerThanItsShareOfTheRingIsKeptCutWithTheBytesLeftOutCounted() {
        LogStore logs = new HazelcastLogStore(a, 300);
        LogLine longLine = LogLine.newBuilder().setJobId("long@h1").setSeq(1).setUnixMs(1)
                .setLine(com.google.protobuf.ByteString.copyFromUtf8("y".repeat(1000))).build();
        LogLine shortLine = longLine.toBuilder().setSeq(2).setLine(com.google.protobuf.ByteString.copyFromUtf8("ok")).build();
        assertThat(logs.append("long@h1", List.of(longLine, shortLine))).isEqualTo(2);
        List<LogLine> kept = new HazelcastLogStore(b, 300).tail("long@h1", -1).items();
        assertThat(kept.get(0).getLine().toStringUtf8()).isEqualTo("y".repeat(300));
        assertThat(kept.get(0).getCutBytes()).isEqualTo(700);
        assertThat(kept.get(1).getLine().toStringUtf8()).isEqualTo("ok");
        assertThat(kept.get(1).getCutBytes()).isZero();
    }

    @Test
    void everyAcknowledgedLineSurvivesTheHardDeathOfEitherMember() {
        // Many jobs, so that both members own some of the rings.
        LogStore logs = new HazelcastLogStore(a);
        for (int job = 0; job < 20; job++) {
            for (long from = 1; from <= 200; from += 50) {
                String id = "j" + job + "@h1";
                assertThat(logs.append(id, HazelcastFleetStoreTest.lines(id, from, from + 49))).isEqualTo(from + 49);
            }
        }
        // No graceful hand-over: the member is gone as with kill -9.
        a.getLifecycleService().terminate();
        LogStore survivor = new HazelcastLogStore(b);
        for (int job = 0; job < 20; job++) {
            String id = "j" + job + "@h1";
            assertThat(seqs(survivor.tail(id, -1))).as(id).containsExactlyElementsOf(range(1, 200));
            assertThat(survivor.cursor(id)).isEqualTo(200);
        }
    }

    @Test
    void overlappingReplaysThroughTwoMembersAtOnceStoreEachLineOnce() {
        String id = "replay@h1";
        new HazelcastLogStore(a).append(id, HazelcastFleetStoreTest.lines(id, 1, 100));
        // An agent's old session (through a) and its new one (through b) both send what they
        // believe unacknowledged, each from at most one past what is stored.
        CompletableFuture<Long> old = CompletableFuture.supplyAsync(() -> sendInBatches(new HazelcastLogStore(a), id, 101));
        CompletableFuture<Long> fresh = CompletableFuture.supplyAsync(() -> sendInBatches(new HazelcastLogStore(b), id, 51));
        assertThat(old.join()).isEqualTo(400);
        assertThat(fresh.join()).isEqualTo(400);
        assertThat(seqs(new HazelcastLogStore(a).tail(id, -1))).containsExactlyElementsOf(range(1, 400));
    }

    @Test
    void readingFromAPositionSkipsNothingAndFollowsOn() {
        LogStore logs = new HazelcastLogStore(a);
        String id = "follow@h1";
        logs.append(id, HazelcastFleetStoreTest.lines(id, 1, 5));
        Page<LogLine> first = logs.tail(id, 2);
        assertThat(seqs(first)).containsExactly(4L, 5L);
        assertThat(logs.read(id, first.next(), 100).items()).isEmpty();
        logs.append(id, HazelcastFleetStoreTest.lines(id, 6, 8));
        Page<LogLine> next = new HazelcastLogStore(b).read(id, first.next(), 100);
        assertThat(seqs(next)).containsExactly(6L, 7L, 8L);
        assertThat(seqs(logs.read(id, 0, 3))).containsExactly(1L, 2L, 3L);
        assertThat(logs.read(id, next.next(), 100).next()).isEqualTo(next.next());
    }

    @Test
    void anAppendOfManyThousandLinesIsStoredWholeAndReadBackInOneReadInOrder() {
        LogStore logs = new HazelcastLogStore(a);
        String id = "bulk@h1";
        // More than Hazelcast takes in one call (1,000), and a reader that asks for all at once.
        assertThat(logs.append(id, HazelcastFleetStoreTest.lines(id, 1, 4_500))).isEqualTo(4_500);
        Page<LogLine> all = new HazelcastLogStore(b).read(id, 0, 10_000);
        assertThat(seqs(all)).containsExactlyElementsOf(range(1, 4_500));
        assertThat(all.next()).isEqualTo(4_500);
        // From a position behind, past the end: as far as the ring holds, then nothing more.
        Page<LogLine> rest = logs.read(id, 1_234, 10_000);
        assertThat(seqs(rest)).containsExactlyElementsOf(range(1_235, 4_500));
        assertThat(logs.read(id, rest.next(), 10_000).items()).isEmpty();
        assertThat(seqs(logs.tail(id, 2_500))).containsExactlyElementsOf(range(2_001, 4_500));
    }

    @Test
    void aReadFromOverwrittenPositionsStartsAtTheOldestKeptAndRepeatsNothing() throws Exception {
        String cluster = "dmon-log-small-" + FreePorts.next();
        int port = FreePorts.next();
        HazelcastInstance small = Hazelcast.newHazelcastInstance(MemberConfigFactory.create(
                new StoreSettings(cluster, "127.0.0.1", port, List.of(), 0, 3_000, 100)));
        try {
            LogStore logs = new HazelcastLogStore(small);
            String id = "small@h1";
            logs.append(id, HazelcastFleetStoreTest.lines(id, 1, 10_000));
            // Positions 0..6,999 were overwritten: the read starts at the oldest kept line.
            Page<LogLine> page = logs.read(id, 10, 10_000);
            assertThat(seqs(page)).containsExactlyElementsOf(range(7_001, 10_000));
            assertThat(page.next()).isEqualTo(10_000);
        } finally {
            small.getLifecycleService().terminate();
        }
    }

    @Test
    void anOpenAppenderKeepsTheJobsOtherWritersWaitingAndTheyStoreOnlyWhatItDidNot() throws Exception {
        String id = "held@h1";
        LogStore onA = new HazelcastLogStore(a);
        LogStore onB = new HazelcastLogStore(b);
        CompletableFuture<Long> other;
        try (LogStore.Appender appender = onA.open(id)) {
            assertThat(appender.append(HazelcastFleetStoreTest.lines(id, 1, 10))).isEqualTo(10);
            // Another coordinator replays what its session believes unacknowledged: it waits.
            other = CompletableFuture.supplyAsync(() -> onB.append(id, HazelcastFleetStoreTest.lines(id, 5, 20)));
            assertThat(appender.append(HazelcastFleetStoreTest.lines(id, 8, 15))).isEqualTo(15);
            assertThat(appender.append(HazelcastFleetStoreTest.lines(id, 1, 15))).isEqualTo(15);
            assertThat(other).isNotDone();
        }
        assertThat(other.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(20);
        assertThat(seqs(onA.tail(id, -1))).containsExactlyElementsOf(range(1, 20));
    }

    @Test
    void everyMemberHearsOfAnAppendThatStoredLinesAndOfNoOther() throws Exception {
        String id = "told@h1";
        java.util.concurrent.BlockingQueue<String> heardByB = new java.util.concurrent.LinkedBlockingQueue<>();
        LogStore onB = new HazelcastLogStore(b);
        try (Subscription ignored = onB.onAppend(heardByB::add)) {
            LogStore onA = new HazelcastLogStore(a);
            onA.append(id, HazelcastFleetStoreTest.lines(id, 1, 3));
            assertThat(heardByB.poll(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(id);
            // Nothing new (a replay of stored lines), then new lines again: only these are told.
            onA.append(id, HazelcastFleetStoreTest.lines(id, 1, 3));
            onA.append(id, HazelcastFleetStoreTest.lines(id, 4, 4));
            assertThat(heardByB.poll(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(id);
            assertThat(heardByB.poll(500, java.util.concurrent.TimeUnit.MILLISECONDS)).isNull();
        }
    }

    private static long sendInBatches(LogStore logs, String id, long from) {
        long acked = 0;
        for (long start = from; start <= 400; start += 25) {
            acked = logs.append(id, HazelcastFleetStoreTest.lines(id, start, Math.min(400, start + 24)));
        }
        return acked;
    }

    private static List<Long> seqs(Page<LogLine> page) {
        return page.items().stream().map(LogLine::getSeq).toList();
    }

    private static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    /** Waits for the cluster to have its members. */
    private static final class Fleet {
        static void awaitSize(HazelcastInstance member, int size) throws InterruptedException {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (member.getCluster().getMembers().size() < size || !member.getPartitionService().isClusterSafe()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("cluster of " + size + " did not form");
                }
                Thread.sleep(50);
            }
        }
    }
}
