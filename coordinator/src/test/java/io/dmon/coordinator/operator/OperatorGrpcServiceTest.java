package io.dmon.coordinator.operator;

import static io.dmon.coordinator.Fixtures.lines;
import static io.dmon.coordinator.Fixtures.runOn;
import static io.dmon.coordinator.Fixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dmon.coordinator.Eventually;
import io.dmon.coordinator.FakeAgent;
import io.dmon.coordinator.ServiceHarness;
import io.dmon.coordinator.store.FleetStore;
import io.dmon.proto.v1.CoordinatorMessage;
import io.dmon.proto.v1.EventsRequest;
import io.dmon.proto.v1.HostView;
import io.dmon.proto.v1.JobEvent;
import io.dmon.proto.v1.Selector;
import io.dmon.proto.v1.Job;
import io.dmon.proto.v1.JobSpec;
import io.dmon.proto.v1.JobView;
import io.dmon.proto.v1.JobsRequest;
import io.dmon.proto.v1.ListHostsRequest;
import io.dmon.proto.v1.ListJobsRequest;
import io.dmon.proto.v1.LogChunk;
import io.dmon.proto.v1.LogLine;
import io.dmon.proto.v1.LogsRequest;
import io.dmon.proto.v1.ResourceLimit;
import io.dmon.proto.v1.RunRequest;
import io.dmon.proto.v1.SignalRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The operator contract over in-process gRPC, with scripted agents making hosts UP. */
class OperatorGrpcServiceTest {
    private static final AtomicInteger HOSTS = new AtomicInteger();
    private static FleetStore store;
    private final List<FakeAgent> agents = new ArrayList<>();
    private ServiceHarness coordinator;
    private String host;

    @BeforeAll
    static void startStore() throws Exception {
        store = ServiceHarness.singleMember("dmon-operator");
    }

    @AfterAll
    static void stopStore() {
        store.close();
    }

    @BeforeEach
    void startCoordinator() throws Exception {
        host = "op" + HOSTS.incrementAndGet();
        coordinator = new ServiceHarness(store, "coordinator-" + host);
    }

    @AfterEach
    void stopCoordinator() throws Exception {
        agents.forEach(FakeAgent::close);
        coordinator.close();
    }

    @Test
    void runRefusesBadRequestsWithAStatusAndOneLine() {
        up(host, Map.of());
        down(host + "-down");
        assertRefused(() -> run(RunRequest.newBuilder().setSpec(spec("true")).build()),
                Status.Code.INVALID_ARGUMENT, "give exactly one of hosts, labels, all hosts");
        assertRefused(() -> run(runOn(host, "true").toBuilder().setAllHosts(true).build()),
                Status.Code.INVALID_ARGUMENT, "give exactly one of hosts, labels, all hosts");
        assertRefused(() -> run(RunRequest.newBuilder().addHosts(host).build()),
                Status.Code.INVALID_ARGUMENT, "no command to run given");
        JobSpec badLimit = spec("true").toBuilder().addLimits(ResourceLimit.newBuilder().setName("bogus").setValue(1)).build();
        assertRefused(() -> run(RunRequest.newBuilder().addHosts(host).setSpec(badLimit).build()),
                Status.Code.INVALID_ARGUMENT, "unknown limit 'bogus'");
        assertRefused(() -> run(runOn(host, "true").toBuilder().setName("a@b").build()),
                Status.Code.INVALID_ARGUMENT, "bad job name 'a@b': use up to 64 letters, digits, '.', '_', '+', '-', not starting with '.', '+' or '-'");
        assertRefused(() -> run(runOn("nowhere", "true")), Status.Code.NOT_FOUND, "unknown host 'nowhere'");
        assertRefused(() -> run(runOn(host + "-down", "true")), Status.Code.FAILED_PRECONDITION, "host '" + host + "-down' is DOWN");
        assertRefused(() -> run(RunRequest.newBuilder().putLabels("role", "none-such").setSpec(spec("true")).build()),
                Status.Code.NOT_FOUND, "no UP host has labels role=none-such");
        assertThat(store.jobs().onHost(host)).isEmpty();
    }

    @Test
    void defaultNamesAreTheCommandsBaseNameMadeUniqueOnTheHost() {
        up(host, Map.of());
        assertThat(run(runOn(host, "/usr/bin/rsync", "-a")).get(0).getId()).isEqualTo("rsync@" + host);
        assertThat(run(runOn(host, "rsync")).get(0).getId()).isEqualTo("rsync-2@" + host);
        assertThat(run(runOn(host, "./rsync")).get(0).getId()).isEqualTo("rsync-3@" + host);
        Job named = run(runOn(host, "rsync").toBuilder().setName("backup").addTags("nightly").build()).get(0);
        assertThat(named.getId()).isEqualTo("backup@" + host);
        assertThat(named.getTagsList()).containsExactly("nightly");
        assertThat(named.getGeneration()).isEqualTo(1);
        assertThat(named.getCreatedUnixMs()).isPositive();
        // Defaults are filled in as dmon's model reads the spec (-l is half of -L).
        Job gated = run(RunRequest.newBuilder().addHosts(host).setSpec(spec("gz").toBuilder().setLoadHigh(4.0)).build()).get(0);
        assertThat(gated.getSpec().getLoadLow()).isEqualTo(2.0);

        assertRefused(() -> run(runOn(host, "rsync").toBuilder().setName("backup").build()),
                Status.Code.ALREADY_EXISTS, "job 'backup@" + host + "' already exists");
    }

    @Test
    void concurrentRunsNeverMakeTheSameId() throws Exception {
        up(host, Map.of());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<Job>>> runs = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                runs.add(pool.submit(() -> run(runOn(host, "worker"))));
            }
            List<String> ids = new ArrayList<>();
            for (Future<List<Job>> f : runs) {
                ids.add(f.get().get(0).getId());
            }
            assertThat(ids).doesNotHaveDuplicates().hasSize(16).contains("worker@" + host, "worker-16@" + host);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void labelsAndAllHostsPickEveryMatchingUpHost() {
        String web1 = host + "-web1";
        String web2 = host + "-web2";
        String db = host + "-db";
        up(web1, Map.of("role", "web", "fleet", host));
        up(web2, Map.of("role", "web", "fleet", host));
        up(db, Map.of("role", "db", "fleet", host));
        down(host + "-web3", Map.of("role", "web", "fleet", host));

        List<Job> web = run(RunRequest.newBuilder().putLabels("role", "web").putLabels("fleet", host).setSpec(spec("nginx")).build());
        assertThat(web).extracting(Job::getHost).containsExactly(web1, web2);

        List<Job> all = run(RunRequest.newBuilder().setAllHosts(true).setSpec(spec("node_exporter")).build());
        assertThat(all).extracting(Job::getHost).contains(web1, web2, db).doesNotContain(host + "-web3");

        HostView listed = coordinator.operator().listHosts(ListHostsRequest.getDefaultInstance()).getHostsList().stream()
                .filter(h -> h.getName().equals(web1)).findFirst().orElseThrow();
        assertThat(listed.getJobs()).isEqualTo(2);
        assertThat(listed.getUp()).isTrue();
        assertThat(listed.getCoordinator()).isEqualTo(coordinator.self);
    }

    @Test
    void stopRestartAndListJobsCheckEveryIdFirst() {
        up(host, Map.of());
        Job job = run(runOn(host, "sleep", "100")).get(0);
        assertRefused(() -> coordinator.operator().stop(JobsRequest.getDefaultInstance()), Status.Code.INVALID_ARGUMENT, "no job given");
        assertRefused(() -> coordinator.operator().stop(JobsRequest.newBuilder().addJobIds("nohost").build()),
                Status.Code.INVALID_ARGUMENT, "bad job id 'nohost': expected NAME@HOST");
        assertRefused(() -> coordinator.operator().stop(JobsRequest.newBuilder().addJobIds(job.getId()).addJobIds("gone@" + host).build()),
                Status.Code.NOT_FOUND, "unknown job 'gone@" + host + "'");
        assertThat(store.jobs().get(job.getId())).contains(job);

        assertThat(coordinator.operator().restart(JobsRequest.newBuilder().addJobIds(job.getId()).build()).getJobs(0).getGeneration())
                .isEqualTo(2);
        List<JobView> views = coordinator.operator().listJobs(ListJobsRequest.newBuilder().setHost(host).build()).getJobsList();
        assertThat(views).extracting(v -> v.getJob().getId()).containsExactly(job.getId());
        assertThat(views.get(0).hasStatus()).isFalse();
        assertRefused(() -> coordinator.operator().listJobs(ListJobsRequest.newBuilder().addJobIds("x@" + host).build()),
                Status.Code.NOT_FOUND, "unknown job 'x@" + host + "'");
    }

    @Test
    void aJobOnADownHostIsMarkedWithItsLastReportAndWhenTheHostWasLastSeen() {
        FakeAgent agent = up(host, Map.of());
        Job job = run(runOn(host, "sleep", "100")).get(0);
        JobView live = coordinator.operator().listJobs(ListJobsRequest.newBuilder().setHost(host).build()).getJobs(0);
        assertThat(live.getHostDown()).isFalse();
        assertThat(live.getHostLastSeenUnixMs()).isZero();

        agent.finish();
        agent.awaitClosed();
        Eventually.awaitTrue("host DOWN", () -> store.hosts().get(host).orElseThrow().getCoordinator().isEmpty());
        long lastSeen = store.hosts().get(host).orElseThrow().getLastSeenUnixMs();

        JobView stale = coordinator.operator().listJobs(ListJobsRequest.newBuilder().addJobIds(job.getId()).build()).getJobs(0);
        assertThat(stale.getHostDown()).isTrue();
        assertThat(stale.getHostLastSeenUnixMs()).isEqualTo(lastSeen).isPositive();
    }

    @Test
    void eventsComeInTimeOrderAndOnlyThoseOfTheSelectedJobsSinceTheTimeAsked() {
        up(host, Map.of());
        Job job = run(runOn(host, "sleep", "100")).get(0);
        String other = "other@" + host + "-x";
        long t = 1_900_000_000_000L + HOSTS.get() * 100_000L;
        // Stored out of time order, as batches from two agents may be.
        store.events().publish(List.of(event(job.getId(), t + 30), event(other, t + 10), event(job.getId(), t + 20),
                event(job.getId(), t - 1), JobEvent.newBuilder().setGate("g").setUnixMs(t + 25).build()));

        List<Long> selected = new ArrayList<>();
        coordinator.operator().events(EventsRequest.newBuilder().setSinceUnixMs(t)
                .setSelector(Selector.newBuilder().setHost(host)).build())
                .forEachRemaining(e -> selected.add(e.getUnixMs()));
        List<String> all = new ArrayList<>();
        coordinator.operator().events(EventsRequest.newBuilder().setSinceUnixMs(t).build())
                .forEachRemaining(e -> all.add(e.getJobId() + "@" + e.getUnixMs()));

        List<Long> byId = new ArrayList<>();
        coordinator.operator().events(EventsRequest.newBuilder().setRecent(100)
                .setSelector(Selector.newBuilder().addJobIds(job.getId())).build())
                .forEachRemaining(e -> byId.add(e.getUnixMs()));

        assertThat(selected).containsExactly(t + 20, t + 30);
        assertThat(byId).containsExactly(t - 1, t + 20, t + 30);
        assertThat(all).containsExactly(other + "@" + (t + 10), job.getId() + "@" + (t + 20), "@" + (t + 25),
                job.getId() + "@" + (t + 30));
        assertRefused(() -> coordinator.operator().events(EventsRequest.newBuilder()
                .setSelector(Selector.newBuilder().addJobIds("nosuch@" + host)).build()).hasNext(),
                Status.Code.NOT_FOUND, "unknown job 'nosuch@" + host + "'");
    }

    private static JobEvent event(String jobId, long unixMs) {
        return JobEvent.newBuilder().setJobId(jobId).setKind(JobEvent.Kind.STATE).setUnixMs(unixMs).build();
    }

    @Test
    void selectorsChooseJobsToListStopAndSignalAndAnUnknownHostIsNotFound() {
        FakeAgent agent = up(host, Map.of());
        Job a = run(runOn(host, "sleep", "100").toBuilder().addTags("nightly").build()).get(0);
        Job b = run(runOn(host, "sleep", "200")).get(0);
        Selector nightly = Selector.newBuilder().setHost(host).setTag("nightly").build();

        assertThat(coordinator.operator().listJobs(ListJobsRequest.newBuilder().setSelector(nightly).build())
                .getJobsList()).extracting(v -> v.getJob().getId()).containsExactly(a.getId());
        assertThat(coordinator.operator().listJobs(ListJobsRequest.newBuilder()
                .setSelector(Selector.newBuilder().setTag("no-such-tag-" + host)).build()).getJobsList()).isEmpty();
        assertRefused(() -> coordinator.operator().listJobs(ListJobsRequest.newBuilder().setHost("nosuch-" + host).build()),
                Status.Code.NOT_FOUND, "unknown host 'nosuch-" + host + "'");
        assertRefused(() -> coordinator.operator().listJobs(ListJobsRequest.newBuilder()
                .setSelector(Selector.newBuilder().setHost(host).addHosts(host).addHosts("nosuch-" + host)).build()),
                Status.Code.NOT_FOUND, "unknown host 'nosuch-" + host + "'");

        assertThat(coordinator.operator().stop(JobsRequest.newBuilder().setSelector(nightly).build()).getJobsList())
                .extracting(Job::getId).containsExactly(a.getId());
        assertThat(store.jobs().get(b.getId()).orElseThrow().getDesired()).isEqualTo(b.getDesired());
        agent.drain();
        assertThat(coordinator.operator().signal(SignalRequest.newBuilder().setSignal(1)
                .setSelector(Selector.newBuilder().setHost(host)).build()).getJobsList()).hasSize(2);
        agent.awaitMessage("a signal", CoordinatorMessage::hasSignal);
    }

    @Test
    void signalGoesDownTheHoldersSessionAndNeedsTheHostUp() {
        FakeAgent agent = up(host, Map.of());
        Job job = run(runOn(host, "sleep", "100")).get(0);
        agent.awaitMessage("the new job", CoordinatorMessage::hasChange);

        coordinator.operator().signal(SignalRequest.newBuilder().setJobId(job.getId()).setSignal(1).build());
        CoordinatorMessage signal = agent.awaitMessage("a signal", CoordinatorMessage::hasSignal);
        assertThat(signal.getSignal().getJobId()).isEqualTo(job.getId());
        assertThat(signal.getSignal().getSignal()).isEqualTo(1);

        assertRefused(() -> coordinator.operator().signal(SignalRequest.newBuilder().setJobId(job.getId()).setSignal(65).build()),
                Status.Code.INVALID_ARGUMENT, "bad signal 65: give 1 to 64");
        agent.finish();
        Eventually.awaitTrue("host DOWN", () -> !store.hosts().get(host).orElseThrow().getCoordinator().equals(coordinator.self));
        assertRefused(() -> coordinator.operator().signal(SignalRequest.newBuilder().setJobId(job.getId()).setSignal(15).build()),
                Status.Code.FAILED_PRECONDITION, "host '" + host + "' is DOWN");
    }

    @Test
    void logsMergeHistoryInTimeOrderThenFollowUntilCancelled() throws Exception {
        FakeAgent agent = up(host, Map.of());
        String a = run(runOn(host, "a").toBuilder().setName("a").build()).get(0).getId();
        String b = run(runOn(host, "b").toBuilder().setName("b").build()).get(0).getId();
        agent.logs(lines(a, 1, 3, 1000)).logs(lines(b, 1, 3, 1000));
        agent.awaitMessage("ack", m -> m.hasAck() && m.getAck().getCursors(0).getJobId().equals(b));

        assertRefused(() -> coordinator.operator().logChunks(LogsRequest.newBuilder().addJobIds("nope@" + host).build()).hasNext(),
                Status.Code.NOT_FOUND, "unknown job 'nope@" + host + "'");
        assertRefused(() -> coordinator.operator().logChunks(LogsRequest.newBuilder().setHost("nope").build()).hasNext(),
                Status.Code.NOT_FOUND, "unknown host 'nope'");
        assertRefused(() -> coordinator.operator().logChunks(LogsRequest.newBuilder().setAll(true).setHost(host).build()).hasNext(),
                Status.Code.INVALID_ARGUMENT, "give exactly one of job ids, host, all");

        BlockingQueue<LogLine> received = new LinkedBlockingQueue<>();
        CompletableFuture<Status> ended = new CompletableFuture<>();
        CompletableFuture<ClientCallStreamObserver<LogsRequest>> call = new CompletableFuture<>();
        coordinator.operatorAsync().logChunks(LogsRequest.newBuilder().setHost(host).setTail(2).setFollow(true).build(),
                new ClientResponseObserver<LogsRequest, LogChunk>() {
                    @Override
                    public void beforeStart(ClientCallStreamObserver<LogsRequest> requestStream) {
                        call.complete(requestStream);
                    }

                    @Override
                    public void onNext(LogChunk chunk) {
                        received.addAll(chunk.getLinesList());
                    }

                    @Override
                    public void onError(Throwable t) {
                        ended.complete(Status.fromThrowable(t));
                    }

                    @Override
                    public void onCompleted() {
                        ended.complete(Status.OK);
                    }
                });
        List<String> history = take(received, 4);
        assertThat(history).containsExactly(a + " line 2", b + " line 2", a + " line 3", b + " line 3");

        agent.logs(lines(b, 4, 4, 1000));
        // A job created after the follow began is taken in too.
        String c = run(runOn(host, "c").toBuilder().setName("c").build()).get(0).getId();
        agent.logs(lines(c, 1, 1, 2000));
        assertThat(take(received, 2)).containsExactly(b + " line 4", c + " line 1");

        call.get().cancel("operator pressed ^C", null);
        assertThat(ended.get().getCode()).isEqualTo(Status.Code.CANCELLED);
        agent.logs(lines(b, 5, 5, 1000));
        agent.awaitMessage("ack of 5", m -> m.hasAck() && m.getAck().getCursors(0).getSeq() == 5);
        assertThat(received).isEmpty();
    }

    private List<Job> run(RunRequest request) {
        return coordinator.operator().run(request).getJobsList();
    }

    /** A host whose scripted agent is connected. */
    private FakeAgent up(String name, Map<String, String> labels) {
        FakeAgent agent = coordinator.agent();
        agents.add(agent);
        agent.registerAndAwaitAssignment(name, labels);
        return agent;
    }

    private void down(String name) {
        down(name, Map.of());
    }

    /** A host that registered once and is gone. */
    private void down(String name, Map<String, String> labels) {
        FakeAgent agent = coordinator.agent();
        agent.registerAndAwaitAssignment(name, labels);
        agent.finish();
        agent.awaitClosed();
        Eventually.awaitTrue("host " + name + " DOWN", () -> store.hosts().get(name).orElseThrow().getCoordinator().isEmpty());
    }

    private static List<String> take(BlockingQueue<LogLine> queue, int count) throws InterruptedException {
        List<String> out = new ArrayList<>();
        while (out.size() < count) {
            LogLine line = queue.poll(Eventually.DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(line).as("line %d of %d", out.size() + 1, count).isNotNull();
            out.add(line.getLine().toStringUtf8());
        }
        return out;
    }

    private static void assertRefused(ThrowingCallable call, Status.Code code, String description) {
        assertThatThrownBy(call).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).isEqualTo(description);
        });
    }
}
