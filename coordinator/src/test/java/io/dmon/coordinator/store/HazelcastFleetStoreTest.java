package io.dmon.coordinator.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.dmon.proto.v1.DesiredState;
import io.dmon.proto.v1.HostLogRead;
import io.dmon.proto.v1.HostLogReply;
import io.dmon.proto.v1.HostView;
import io.dmon.proto.v1.Job;
import io.dmon.proto.v1.JobStatus;
import io.dmon.proto.v1.Pause;
import io.dmon.proto.v1.JobEvent;
import io.dmon.proto.v1.JobSpec;
import io.dmon.proto.v1.JobState;
import io.dmon.proto.v1.LogLine;
import io.dmon.proto.v1.LogRange;
import io.dmon.proto.v1.ReadLogs;
import io.dmon.proto.v1.SignalJob;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two real members in this JVM, each the other's TCP-IP peer: what one writes the other sees. */
class HazelcastFleetStoreTest {
    private static FleetStore a;
    private static FleetStore b;

    @BeforeAll
    static void startMembers() throws Exception {
        int portA = FreePorts.next();
        int portB = FreePorts.next();
        String cluster = "dmon-store-test-" + portA;
        // One after the other: two members starting at once each wait out the other's refusals.
        a = member(cluster, portA, portB);
        b = member(cluster, portB, portA);
    }

    static HazelcastFleetStore member(String cluster, int port, int peer) throws IOException {
        return HazelcastFleetStore.start(new StoreSettings(cluster, "127.0.0.1", port,
                List.of("127.0.0.1:" + peer), 1, 5, 100));
    }

    @AfterAll
    static void stopMembers() {
        CompletableFuture.allOf(CompletableFuture.runAsync(() -> close(a)), CompletableFuture.runAsync(() -> close(b))).join();
    }

    private static void close(FleetStore store) {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void aJobPutThroughOneMemberIsReadThroughTheOther() {
        Job job = job("put@h1");
        assertThat(a.jobs().create(job)).isTrue();
        assertThat(b.jobs().get("put@h1")).contains(job);
        assertThat(b.jobs().onHost("h1")).contains(job);
        assertThat(b.jobs().onHost("h2")).doesNotContain(job);
    }

    @Test
    void createIsAtomicAcrossMembers() {
        assertThat(a.jobs().create(job("once@h1"))).isTrue();
        assertThat(b.jobs().create(job("once@h1").toBuilder().setGeneration(9).build())).isFalse();
        assertThat(a.jobs().get("once@h1").orElseThrow().getGeneration()).isEqualTo(1);
    }

    @Test
    void updateAppliesAChangeAndRemoveUndoesOnlyAnUnchangedJob() {
        Job job = job("upd@h1");
        a.jobs().create(job);
        Job stopped = b.jobs().update("upd@h1", j -> j.toBuilder().setDesired(DesiredState.DESIRED_STOPPED).build())
                .orElseThrow();
        assertThat(a.jobs().get("upd@h1")).contains(stopped);
        assertThat(a.jobs().removeIfUnchanged(job)).isFalse();
        assertThat(a.jobs().removeIfUnchanged(stopped)).isTrue();
        assertThat(b.jobs().update("upd@h1", j -> j)).isEmpty();
    }

    @Test
    void updateAllEditsEveryKnownJobInOneCallAndWatchersSeeEachChange() {
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
            ids.add("bulk" + i + "@h" + (i % 3));
            a.jobs().create(job(ids.get(i)));
        }
        BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        Pause pause = Pause.newBuilder().setId("p1").setBy("alice@ops1").build();
        try (Subscription ignored = a.jobs().watch((j, removed) -> {
            if (j.hasPause()) {
                seen.add(j.getId());
            }
        })) {
            List<String> asked = new java.util.ArrayList<>(ids);
            asked.add("nope@h1");
            // Through the other member: the edit (a lambda capturing a proto) travels serialized.
            List<Job> after = b.jobs().updateAll(asked, j -> j.toBuilder().setPause(pause).build());

            assertThat(after).extracting(Job::getId).containsExactlyElementsOf(ids);
            assertThat(after).allMatch(j -> j.getPause().equals(pause));
            assertThat(a.jobs().get("bulk7@h1").orElseThrow().getPause()).isEqualTo(pause);
            assertThat(a.jobs().get("nope@h1")).isEmpty();
            awaitTrue(() -> seen.size() >= ids.size());
            assertThat(seen).containsExactlyInAnyOrderElementsOf(ids);
        }
        assertThat(b.jobs().updateAll(List.of(), j -> j)).isEmpty();
    }

    @Test
    void statusesArePutAndMergedInBulkThroughEitherMember() {
        List<JobStatus> statuses = new java.util.ArrayList<>();
        for (int i = 0; i < 30; i++) {
            statuses.add(JobStatus.newBuilder().setId("st" + i + "@h1").setHost("h1").setPid(100 + i).build());
        }
        a.statuses().putAll(statuses);
        assertThat(b.statuses().get("st7@h1").orElseThrow().getPid()).isEqualTo(107);

        Map<String, Integer> runs = new java.util.HashMap<>(Map.of("st7@h1", 3, "new@h1", 1));
        // Through the other member: the edit and the map it captures travel serialized.
        b.statuses().mergeAll(runs.keySet(), (id, status) -> status.toBuilder().setId(id).setRun(runs.get(id)).build());
        assertThat(a.statuses().get("st7@h1").orElseThrow()).extracting(JobStatus::getPid, JobStatus::getRun)
                .containsExactly(107, 3);
        assertThat(a.statuses().get("new@h1").orElseThrow().getRun()).as("absent: edited from the default").isEqualTo(1);
        b.statuses().mergeAll(List.of("none@h1"), (id, status) -> status);
        assertThat(a.statuses().get("none@h1")).as("an edit that changes nothing writes nothing").isEmpty();
    }

    @Test
    void jobChangesThroughOneMemberReachAWatcherOnTheOther() {
        BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        try (Subscription ignored = b.jobs().watch((j, removed) -> seen.add(j.getId() + (removed ? " removed" : " " + j.getDesired())))) {
            Job job = job("watched@h1");
            a.jobs().create(job);
            Job stopped = a.jobs().update(job.getId(), j -> j.toBuilder().setDesired(DesiredState.DESIRED_STOPPED).build()).orElseThrow();
            a.jobs().removeIfUnchanged(stopped);
            awaitTrue(() -> seen.size() >= 3);
            assertThat(seen).containsSubsequence("watched@h1 DESIRED_RUNNING", "watched@h1 DESIRED_STOPPED", "watched@h1 removed");
        }
    }

    @Test
    void logLinesKeepTheNewestUpToCapacityAndDropSeqsAlreadyStored() {
        String job = "logs@h1";
        assertThat(a.logs().append(job, lines(job, 1, 3))).isEqualTo(3);
        // A replay after a reconnect: 2 and 3 again, then 4 to 7.
        assertThat(b.logs().append(job, lines(job, 2, 7))).isEqualTo(7);
        assertThat(a.logs().append(job, lines(job, 1, 7))).isEqualTo(7);
        assertThat(b.logs().cursor(job)).isEqualTo(7);

        Page<LogLine> all = b.logs().tail(job, -1);
        assertThat(all.items()).extracting(LogLine::getSeq).containsExactly(3L, 4L, 5L, 6L, 7L);
        assertThat(a.logs().tail(job, 2).items()).extracting(LogLine::getSeq).containsExactly(6L, 7L);
        assertThat(a.logs().tail(job, 0).items()).isEmpty();

        a.logs().append(job, lines(job, 8, 8));
        Page<LogLine> next = b.logs().read(job, all.next(), 100);
        assertThat(next.items()).extracting(LogLine::getSeq).containsExactly(8L);
        assertThat(b.logs().read(job, next.next(), 100).items()).isEmpty();
        assertThat(a.logs().tail("never@h1", 10).items()).isEmpty();
    }

    @Test
    void eventsPublishedThroughOneMemberAreFollowedOnTheOther() {
        Page<JobEvent> before = b.events().recent(0);
        a.events().publish(List.of(event("ev@h1", 1), event("ev@h1", 2)));
        Page<JobEvent> read = b.events().read(before.next(), 10);
        assertThat(read.items()).extracting(JobEvent::getRun).containsExactly(1, 2);
        assertThat(b.events().recent(1).items()).extracting(JobEvent::getRun).containsExactly(2);
    }

    @Test
    void signalsPublishedThroughOneMemberReachSubscribersOnBoth() {
        BlockingQueue<SignalJob> onA = new LinkedBlockingQueue<>();
        BlockingQueue<SignalJob> onB = new LinkedBlockingQueue<>();
        try (Subscription sa = a.signals().subscribe(onA::add); Subscription sb = b.signals().subscribe(onB::add)) {
            SignalJob hup = SignalJob.newBuilder().setJobId("sig@h1").setSignal(1).build();
            a.signals().publish(hup);
            awaitTrue(() -> onA.contains(hup) && onB.contains(hup));
        }
    }

    @Test
    void logReadsReachEveryMemberAndRepliesTheirAsker() throws Exception {
        BlockingQueue<HostLogRead> readsOnB = new LinkedBlockingQueue<>();
        BlockingQueue<HostLogReply> repliesOnA = new LinkedBlockingQueue<>();
        BlockingQueue<HostLogReply> othersOnA = new LinkedBlockingQueue<>();
        try (Subscription sb = b.logReads().onRead(readsOnB::add);
             Subscription sa = a.logReads().onReply("a-1", repliesOnA::add);
             Subscription so = a.logReads().onReply("a-2", othersOnA::add)) {
            HostLogRead read = HostLogRead.newBuilder().setOrigin("a-1").setHost("h1")
                    .setRead(ReadLogs.newBuilder().setRequestId(7).setJobId("r@h1").setFromSeq(3).setMaxLines(10)).build();
            a.logReads().ask(read);
            awaitTrue(() -> readsOnB.contains(read));
            HostLogReply reply = HostLogReply.newBuilder().setOrigin("a-1").setRange(LogRange.newBuilder()
                    .setRequestId(7).setJobId("r@h1").addLines(LogLine.newBuilder().setJobId("r@h1").setSeq(3))).build();
            b.logReads().answer(reply);
            awaitTrue(() -> repliesOnA.contains(reply));
            // Heard in order on a's topic: once a later reply to a-2 is there, the first was passed over.
            HostLogReply other = reply.toBuilder().setOrigin("a-2").build();
            b.logReads().answer(other);
            assertThat(othersOnA.poll(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(other);
            assertThat(repliesOnA).containsExactly(reply);
        }
    }

    @Test
    void hostAndStatusUpdatesAreCompareAndSet() {
        b.hosts().put(HostView.newBuilder().setName("cas").setCoordinator("c1").build());
        assertThat(a.hosts().update("cas", h -> h.toBuilder().setLastSeenUnixMs(5).build()).orElseThrow().getLastSeenUnixMs())
                .isEqualTo(5);
        assertThat(b.hosts().get("cas").orElseThrow().getCoordinator()).isEqualTo("c1");
        assertThat(a.hosts().update("nobody", h -> h)).isEmpty();

        a.statuses().mergeAll(List.of("st@h1"), (id, s) -> s.toBuilder().setId(id).setState(JobState.RUNNING).build());
        b.statuses().mergeAll(List.of("st@h1"), (id, s) -> s.toBuilder().setRun(2).build());
        assertThat(a.statuses().getAll(List.of("st@h1", "none@h1"))).containsOnlyKeys("st@h1");
        assertThat(a.statuses().get("st@h1").orElseThrow().getRun()).isEqualTo(2);
    }

    static Job job(String id) {
        String[] parts = id.split("@");
        return Job.newBuilder().setId(id).setName(parts[0]).setHost(parts[1])
                .setSpec(JobSpec.newBuilder().addCommand("true").setMaxRespawns(-1))
                .setDesired(DesiredState.DESIRED_RUNNING).setGeneration(1).build();
    }

    static List<LogLine> lines(String job, long from, long to) {
        List<LogLine> out = new ArrayList<>();
        for (long seq = from; seq <= to; seq++) {
            out.add(LogLine.newBuilder().setJobId(job).setRun(1).setSeq(seq).setUnixMs(1000 + seq)
                    .setLine(ByteString.copyFromUtf8("line " + seq)).build());
        }
        return out;
    }

    static JobEvent event(String job, int run) {
        return JobEvent.newBuilder().setJobId(job).setRun(run).setKind(JobEvent.Kind.START).build();
    }

    static void awaitTrue(BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("condition within 20 s").isBefore(deadline);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
