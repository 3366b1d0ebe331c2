package io.dmon.coordinator.agents;

import static io.dmon.coordinator.Fixtures.job;
import static io.dmon.coordinator.Fixtures.lines;
import static io.dmon.coordinator.Fixtures.runOn;
import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.coordinator.ChunkLines;
import io.dmon.coordinator.Eventually;
import io.dmon.coordinator.FakeAgent;
import io.dmon.coordinator.ServiceHarness;
import io.dmon.coordinator.store.FleetStore;
import io.dmon.proto.v1.AgentMessage;
import io.dmon.proto.v1.CoordinatorMessage;
import io.dmon.proto.v1.DesiredState;
import io.dmon.proto.v1.EventBatch;
import io.dmon.proto.v1.EventsRequest;
import io.dmon.proto.v1.HostView;
import io.dmon.proto.v1.Job;
import io.dmon.proto.v1.JobEvent;
import io.dmon.proto.v1.JobState;
import io.dmon.proto.v1.JobStatus;
import io.dmon.proto.v1.JobView;
import io.dmon.proto.v1.JobsRequest;
import io.dmon.proto.v1.ListHostsRequest;
import io.dmon.proto.v1.ListJobsRequest;
import io.dmon.proto.v1.LogCursor;
import io.dmon.proto.v1.LogLine;
import io.dmon.proto.v1.LogsRequest;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The agent session contract, played by a scripted agent over in-process gRPC. */
class AgentSessionServiceTest {
    private static final AtomicInteger HOSTS = new AtomicInteger();
    private static FleetStore store;
    private ServiceHarness coordinator;
    private String host;

    @BeforeAll
    static void startStore() throws Exception {
        store = ServiceHarness.singleMember("dmon-sessions");
    }

    @AfterAll
    static void stopStore() {
        store.close();
    }

    @BeforeEach
    void startCoordinator() throws Exception {
        host = "host" + HOSTS.incrementAndGet();
        coordinator = new ServiceHarness(store, "coordinator-" + host);
    }

    @AfterEach
    void stopCoordinator() throws Exception {
        coordinator.close();
    }

    @Test
    void aSessionThatDoesNotStartWithRegisterIsRefused() {
        FakeAgent agent = coordinator.agent().heartbeat(0.5);
        Status status = agent.awaitClosed();
        assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(status.getDescription()).isEqualTo("the first message of a session must be a register");
    }

    @Test
    void registerIsAnsweredWithRegisteredThenTheWholeAssignment() {
        store.jobs().create(job("web", host));
        store.jobs().create(job("other", host + "x"));
        FakeAgent agent = coordinator.agent().register(host, Map.of("zone", "a"), List.of(), List.of());
        CoordinatorMessage first = agent.next();
        assertThat(first.getRegistered().getCoordinator()).isEqualTo(coordinator.self);
        CoordinatorMessage second = agent.next();
        assertThat(second.getAssignment().getJobsList()).extracting(Job::getId).containsExactly("web@" + host);

        HostView view = hostView();
        assertThat(view.getUp()).isTrue();
        assertThat(view.getCoordinator()).isEqualTo(coordinator.self);
        assertThat(view.getLabelsMap()).containsEntry("zone", "a");
        assertThat(view.getVersion()).isEqualTo("test");
        assertThat(view.getJobs()).isEqualTo(1);
        agent.close();
    }

    @Test
    void runStopAndRestartReachTheAgentAsJobChanges() {
        FakeAgent agent = coordinator.agent();
        assertThat(agent.registerAndAwaitAssignment(host, Map.of())).isEmpty();

        Job created = coordinator.operator().run(runOn(host, "/usr/bin/rsync", "-a", "/x", "/y")).getJobs(0);
        assertThat(created.getId()).isEqualTo("rsync@" + host);
        CoordinatorMessage run = agent.next();
        assertThat(run.getChange().getJob()).isEqualTo(created);
        assertThat(run.getChange().getRemoved()).isFalse();

        coordinator.operator().stop(JobsRequest.newBuilder().addJobIds(created.getId()).build());
        assertThat(agent.next().getChange().getJob().getDesired()).isEqualTo(DesiredState.DESIRED_STOPPED);

        coordinator.operator().restart(JobsRequest.newBuilder().addJobIds(created.getId()).build());
        Job restarted = agent.next().getChange().getJob();
        assertThat(restarted.getDesired()).isEqualTo(DesiredState.DESIRED_RUNNING);
        assertThat(restarted.getGeneration()).isEqualTo(2);
        agent.close();
    }

    @Test
    void logLinesAreAckedAfterTheWriteAndDuplicatesAreDropped() {
        String id = "app@" + host;
        FakeAgent agent = coordinator.agent();
        agent.registerAndAwaitAssignment(host, Map.of());

        agent.logs(lines(id, 1, 3, 1000));
        assertThat(agent.next().getAck().getCursorsList()).containsExactly(cursor(id, 3));
        // A replay after a reconnect: 2 and 3 again, then new ones.
        agent.logs(lines(id, 2, 5, 1000));
        assertThat(agent.next().getAck().getCursorsList()).containsExactly(cursor(id, 5));
        // Nothing new at all: still acked, so the agent can trim its spool.
        agent.logs(lines(id, 1, 5, 1000));
        assertThat(agent.next().getAck().getCursorsList()).containsExactly(cursor(id, 5));

        List<Long> stored = store.logs().tail(id, -1).items().stream().map(LogLine::getSeq).toList();
        assertThat(stored).containsExactly(1L, 2L, 3L, 4L, 5L);
        agent.close();
    }

    @Test
    void linesSentWithoutWaitingForAcksAreStoredInOrderAndAckedUpToTheLast() {
        String fast = "fast@" + host;
        String slow = "slow@" + host;
        FakeAgent agent = coordinator.agent();
        agent.registerAndAwaitAssignment(host, Map.of());
        // A hundred messages at once, as a busy agent sends them: the coordinator stores what
        // queued behind one append in the next, each job in its own order.
        for (long from = 1; from <= 2000; from += 20) {
            List<LogLine> batch = new ArrayList<>(lines(fast, from, from + 19, 1000));
            if (from % 200 == 1) {
                batch.addAll(lines(slow, from / 200 + 1, from / 200 + 1, 1000));
            }
            agent.logs(batch);
        }
        Map<String, Long> acked = new java.util.HashMap<>();
        while (acked.getOrDefault(fast, 0L) < 2000 || acked.getOrDefault(slow, 0L) < 10) {
            for (LogCursor c : agent.awaitMessage("log ack", CoordinatorMessage::hasAck).getAck().getCursorsList()) {
                // An ack never takes back what an earlier one said was stored.
                assertThat(c.getSeq()).as(c.getJobId()).isGreaterThanOrEqualTo(acked.getOrDefault(c.getJobId(), 0L));
                acked.put(c.getJobId(), c.getSeq());
            }
        }
        assertThat(acked).containsEntry(fast, 2000L).containsEntry(slow, 10L);
        assertThat(store.logs().cursor(fast)).isEqualTo(2000);
        // The harness's ring keeps 100 lines: the last hundred, in order.
        assertThat(store.logs().tail(fast, -1).items().stream().map(LogLine::getSeq).toList())
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1901, 2000).boxed().toList());
        assertThat(store.logs().tail(slow, -1).items().stream().map(LogLine::getSeq).toList())
                .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        agent.close();
    }

    @Test
    void aCoordinatorWithEmptyMemoryLearnsTheJobsBackFromRegister() {
        Job known = job("known", host).toBuilder().setGeneration(7).build();
        store.jobs().create(known);
        Job lost = job("lost", host).toBuilder().setDesired(DesiredState.DESIRED_STOPPED).setGeneration(3).build();
        JobStatus lostStatus = JobStatus.newBuilder().setId(lost.getId()).setState(JobState.STOPPED).setRun(4).build();
        Job staleKnown = known.toBuilder().setGeneration(1).build();

        FakeAgent agent = coordinator.agent().register(host, Map.of(), List.of(lost, staleKnown), List.of(lostStatus));
        agent.next();
        List<Job> assignment = agent.next().getAssignment().getJobsList();

        // The store wins for what it knows; what it forgot comes back as the agent holds it.
        assertThat(assignment).containsExactlyInAnyOrder(known, lost);
        assertThat(store.jobs().get(lost.getId())).contains(lost);
        JobView view = coordinator.operator().listJobs(ListJobsRequest.newBuilder().addJobIds(lost.getId()).build()).getJobs(0);
        assertThat(view.getStatus().getState()).isEqualTo(JobState.STOPPED);
        assertThat(view.getStatus().getHost()).isEqualTo(host);
        agent.close();
    }

    @Test
    void aJobRemovedWhileItsHostWasAwayIsNotLearnedBackButALaterJobOfItsIdIs() {
        Job removed = job("gone", host).toBuilder().setCreatedUnixMs(1_000).build();
        store.jobs().create(removed);
        assertThat(store.jobs().remove(removed.getId())).contains(removed);
        Job earlier = removed.toBuilder().setCreatedUnixMs(500).build();
        Job rerun = job("again", host).toBuilder().setCreatedUnixMs(2_000).build();
        store.jobs().create(rerun.toBuilder().setCreatedUnixMs(1_500).build());
        store.jobs().remove(rerun.getId());

        FakeAgent agent = coordinator.agent().register(host, Map.of(), List.of(removed, rerun), List.of());
        agent.next();
        List<Job> assignment = agent.next().getAssignment().getJobsList();

        assertThat(assignment).containsExactly(rerun);
        assertThat(store.jobs().get(removed.getId())).isEmpty();
        assertThat(store.jobs().removed(removed)).isTrue();
        assertThat(store.jobs().removed(earlier)).as("an earlier job of the id was removed before it").isTrue();
        assertThat(store.jobs().removed(rerun)).isFalse();
        agent.close();
    }

    @Test
    void theHostIsDownOnceItsSessionEndsOrItFallsSilent() {
        FakeAgent agent = coordinator.agent();
        agent.registerAndAwaitAssignment(host, Map.of());
        assertThat(hostView().getUp()).isTrue();
        agent.finish();
        assertThat(agent.awaitClosed().isOk()).isTrue();
        Eventually.awaitTrue("host DOWN after the session ended", () -> !hostView().getUp());
        assertThat(hostView().getCoordinator()).isEmpty();

        FakeAgent again = coordinator.agent();
        again.registerAndAwaitAssignment(host, Map.of());
        assertThat(hostView().getUp()).isTrue();
        coordinator.clock.advance(Duration.ofSeconds(11));
        assertThat(hostView().getUp()).isFalse();
        again.heartbeat(1.5);
        HostView back = Eventually.await("host UP after a heartbeat", this::hostView, HostView::getUp);
        assertThat(back.getLoad1()).isEqualTo(1.5);
        again.close();
    }

    @Test
    void eventsReachTheEventFeedAndMoveTheStatus() {
        String id = "ev@" + host;
        FakeAgent agent = coordinator.agent();
        agent.registerAndAwaitAssignment(host, Map.of());
        long now = System.currentTimeMillis();
        agent.send(AgentMessage.newBuilder().setEvents(EventBatch.newBuilder()
                .addEvents(event(id, JobEvent.Kind.START, JobState.RUNNING, 4242, now))
                .addEvents(event(id, JobEvent.Kind.EXIT, JobState.EXITED, 4242, now + 1).toBuilder().setValue(256))).build());

        JobStatus status = Eventually.await("status from events", () -> store.statuses().get(id),
                s -> s.map(JobStatus::getState).orElse(null) == JobState.EXITED).orElseThrow();
        assertThat(status.getPid()).isZero();
        assertThat(status.getLastExitStatus()).isEqualTo(256);
        assertThat(status.getHost()).isEqualTo(host);

        List<JobEvent> recent = Eventually.await("events in the feed", () -> eventsOf(id), e -> e.size() == 2);
        assertThat(recent).extracting(JobEvent::getKind).containsExactly(JobEvent.Kind.START, JobEvent.Kind.EXIT);
        assertThat(recent).allSatisfy(e -> assertThat(e.getHost()).isEqualTo(host));
        agent.close();
    }

    @Test
    void aRemovedJobsLastReportsDoNotBecomeTheStatusOfANewJobOfItsId() {
        Job rerun = job("again", host).toBuilder().setCreatedUnixMs(2_000).build();
        store.jobs().create(rerun);
        String id = rerun.getId();
        FakeAgent agent = coordinator.agent();
        agent.registerAndAwaitAssignment(host, Map.of());
        long now = System.currentTimeMillis();
        // The removed job (created at 1,000) stopping, reported after the new one was run.
        agent.send(AgentMessage.newBuilder().setStatuses(io.dmon.proto.v1.StatusBatch.newBuilder()
                .addStatuses(JobStatus.newBuilder().setId(id).setState(JobState.STOPPED).setRun(7)
                        .setJobCreatedUnixMs(1_000))).build());
        agent.send(AgentMessage.newBuilder().setEvents(EventBatch.newBuilder()
                .addEvents(event(id, JobEvent.Kind.EXIT, JobState.STOPPED, 4242, now).toBuilder()
                        .setJobCreatedUnixMs(1_000))).build());
        agent.send(AgentMessage.newBuilder().setEvents(EventBatch.newBuilder()
                .addEvents(event(id, JobEvent.Kind.START, JobState.RUNNING, 4343, now + 1).toBuilder()
                        .setJobCreatedUnixMs(2_000))).build());

        JobStatus status = Eventually.await("the new job's status", () -> store.statuses().get(id),
                s -> s.map(JobStatus::getPid).orElse(0) == 4343).orElseThrow();
        assertThat(status.getState()).isEqualTo(JobState.RUNNING);
        assertThat(status.getRun()).as("not the removed job's run 7").isEqualTo(1);
        assertThat(status.getJobCreatedUnixMs()).isEqualTo(2_000);
        agent.close();
    }

    @Test
    void reportsAboutAnotherHostsJobsEndTheSession() {
        FakeAgent agent = coordinator.agent();
        agent.registerAndAwaitAssignment(host, Map.of());
        agent.logs(lines("app@elsewhere", 1, 1, 0));
        Status status = agent.awaitClosed();
        assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(status.getDescription()).isEqualTo("job 'app@elsewhere' is not a job of host '" + host + "'");
    }

    @Test
    void aNewerSessionOfTheSameHostSupersedesTheOlder() {
        FakeAgent older = coordinator.agent();
        older.registerAndAwaitAssignment(host, Map.of());
        FakeAgent newer = coordinator.agent();
        newer.registerAndAwaitAssignment(host, Map.of());
        Status status = older.awaitClosed();
        assertThat(status.getCode()).isEqualTo(Status.Code.ABORTED);
        assertThat(status.getDescription()).contains("superseded");
        // The older session's end does not take the host down under the newer one.
        coordinator.operator().run(runOn(host, "true"));
        assertThat(newer.awaitMessage("job change", CoordinatorMessage::hasChange).getChange().getJob().getName()).isEqualTo("true");
        assertThat(hostView().getUp()).isTrue();
        newer.close();
    }

    @Test
    void logsSentBySessionsAreServedToOperators() {
        String id = "served@" + host;
        FakeAgent agent = coordinator.agent();
        agent.registerAndAwaitAssignment(host, Map.of());
        coordinator.operator().run(runOn(host, "served").toBuilder().setName("served").build());
        agent.logs(lines(id, 1, 4, 5000));
        agent.awaitMessage("log ack", CoordinatorMessage::hasAck);
        List<Long> seqs = new ArrayList<>();
        ChunkLines.of(coordinator.operator().logChunks(LogsRequest.newBuilder().addJobIds(id).setTail(2).build()))
                .forEachRemaining(l -> seqs.add(l.getSeq()));
        assertThat(seqs).containsExactly(3L, 4L);
        agent.close();
    }

    private HostView hostView() {
        Optional<HostView> view = coordinator.operator().listHosts(ListHostsRequest.getDefaultInstance()).getHostsList()
                .stream().filter(h -> h.getName().equals(host)).findFirst();
        return view.orElseThrow(() -> new AssertionError("host " + host + " not listed"));
    }

    private List<JobEvent> eventsOf(String id) {
        List<JobEvent> out = new ArrayList<>();
        coordinator.operator().events(EventsRequest.newBuilder().setRecent(1000).build()).forEachRemaining(e -> {
            if (e.getJobId().equals(id)) {
                out.add(e);
            }
        });
        return out;
    }

    private static JobEvent event(String id, JobEvent.Kind kind, JobState state, int pid, long unixMs) {
        return JobEvent.newBuilder().setJobId(id).setRole(JobEvent.Role.CMD).setKind(kind).setState(state)
                .setPid(pid).setRun(1).setUnixMs(unixMs).build();
    }

    private static LogCursor cursor(String id, long seq) {
        return LogCursor.newBuilder().setJobId(id).setSeq(seq).build();
    }
}
