package io.dmon.coordinator.operator;

import static io.dmon.coordinator.Fixtures.runOn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dmon.coordinator.FakeAgent;
import io.dmon.coordinator.ServiceHarness;
import io.dmon.coordinator.store.FleetStore;
import io.dmon.proto.v1.CoordinatorMessage;
import io.dmon.proto.v1.EventsRequest;
import io.dmon.proto.v1.Job;
import io.dmon.proto.v1.JobEvent;
import io.dmon.proto.v1.PauseRequest;
import io.dmon.proto.v1.ResumeRequest;
import io.dmon.proto.v1.RunRequest;
import io.dmon.proto.v1.Selector;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pause and Resume over in-process gRPC: desired state written, pushed to the agent, told as events. */
class PauseServiceTest {
    private static final AtomicInteger HOSTS = new AtomicInteger();
    private static FleetStore store;
    private final List<FakeAgent> agents = new ArrayList<>();
    private ServiceHarness coordinator;
    private String host;

    @BeforeAll
    static void startStore() throws Exception {
        store = ServiceHarness.singleMember("dmon-pause");
    }

    @AfterAll
    static void stopStore() {
        store.close();
    }

    @BeforeEach
    void startCoordinator() throws Exception {
        host = "pz" + HOSTS.incrementAndGet();
        coordinator = new ServiceHarness(store, "coordinator-" + host);
    }

    @AfterEach
    void stopCoordinator() throws Exception {
        agents.forEach(FakeAgent::close);
        coordinator.close();
    }

    @Test
    void pauseByTagWritesThePauseAndTheAgentGetsIt() {
        FakeAgent agent = up(host, Map.of());
        Job batch = run(runOn(host, "dump").toBuilder().addTags("batch-" + host).build());
        Job web = run(runOn(host, "nginx"));
        agent.awaitMessage("the jobs", m -> m.hasChange() && m.getChange().getJob().getId().equals(web.getId()));

        List<Job> paused = coordinator.operator().pause(PauseRequest.newBuilder()
                .setSelector(Selector.newBuilder().setTag("batch-" + host)).setLeaseMs(600_000).setBy("alice@ops1").build())
                .getJobsList();
        assertThat(paused).extracting(Job::getId).containsExactly(batch.getId());
        Job stored = store.jobs().get(batch.getId()).orElseThrow();
        assertThat(stored).isEqualTo(paused.get(0));
        assertThat(stored.getPause().getBy()).isEqualTo("alice@ops1 (unauthenticated)");
        assertThat(stored.getPause().getLeaseMs()).isEqualTo(600_000);
        assertThat(stored.getPause().getId()).isNotEmpty();
        assertThat(stored.getPause().getSinceUnixMs()).isPositive();
        assertThat(store.jobs().get(web.getId()).orElseThrow().hasPause()).isFalse();

        CoordinatorMessage change = agent.awaitMessage("the pause", m -> m.hasChange() && m.getChange().getJob().hasPause());
        assertThat(change.getChange().getJob()).isEqualTo(stored);
        assertThat(events(batch.getId())).anySatisfy(e -> {
            assertThat(e.getKind()).isEqualTo(JobEvent.Kind.PAUSE_REQUESTED);
            assertThat(e.getCause()).isEqualTo("manual by alice@ops1 (unauthenticated) for 10m");
            assertThat(e.getHost()).isEqualTo(host);
        });

        // A second pause replaces the first: a new id, no lease now.
        Job again = coordinator.operator().pause(PauseRequest.newBuilder()
                .setSelector(Selector.newBuilder().addJobIds(batch.getId())).setBy("bob@ops2").build()).getJobs(0);
        assertThat(again.getPause().getId()).isNotEqualTo(stored.getPause().getId());
        assertThat(again.getPause().getLeaseMs()).isZero();

        List<Job> resumed = coordinator.operator().resume(ResumeRequest.newBuilder()
                .setSelector(Selector.newBuilder().setHost(host)).setBy("bob@ops2").build()).getJobsList();
        assertThat(resumed).extracting(Job::getId).containsExactlyInAnyOrder(batch.getId(), web.getId());
        assertThat(resumed).noneMatch(Job::hasPause);
        assertThat(store.jobs().get(batch.getId()).orElseThrow().hasPause()).isFalse();
        agent.awaitMessage("the resume", m -> m.hasChange() && m.getChange().getJob().getId().equals(batch.getId())
                && !m.getChange().getJob().hasPause());
        List<JobEvent> resumes = events(batch.getId()).stream().filter(e -> e.getKind() == JobEvent.Kind.RESUME_REQUESTED).toList();
        assertThat(resumes).extracting(JobEvent::getCause).containsExactly("by bob@ops2 (unauthenticated)");
        // The job that was not paused is matched, left alone and tells nothing.
        assertThat(events(web.getId())).noneMatch(e -> e.getKind() == JobEvent.Kind.RESUME_REQUESTED);
    }

    @Test
    void labelsMatchJobsOnHostsWithThoseAgentLabels() {
        String db = host + "-db";
        String web = host + "-web";
        up(db, Map.of("role", "db", "fleet", host));
        up(web, Map.of("role", "web", "fleet", host));
        Job onDb = run(runOn(db, "dump"));
        run(runOn(web, "nginx"));
        List<Job> paused = coordinator.operator().pause(PauseRequest.newBuilder()
                .setSelector(Selector.newBuilder().putLabels("role", "db").putLabels("fleet", host)).build()).getJobsList();
        assertThat(paused).extracting(Job::getId).containsExactly(onDb.getId());
        assertThat(paused.get(0).getPause().getBy()).isEqualTo("unknown (unauthenticated)");
    }

    @Test
    void badSelectorsAndLeasesChangeNothing() {
        up(host, Map.of());
        Job job = run(runOn(host, "dump"));
        assertRefused(() -> pause(Selector.getDefaultInstance(), 0), Status.Code.INVALID_ARGUMENT,
                "empty selector: give job ids, --host, --tag, --label or --all");
        assertRefused(() -> pause(Selector.newBuilder().addJobIds(job.getId()).setAll(true).build(), 0),
                Status.Code.INVALID_ARGUMENT, "job ids go alone, not with --host, --tag, --label or --all");
        assertRefused(() -> pause(Selector.newBuilder().setAll(true).setTag("x").build(), 0),
                Status.Code.INVALID_ARGUMENT, "--all goes alone, not with --host, --tag or --label");
        assertRefused(() -> pause(Selector.newBuilder().addJobIds(job.getId()).addJobIds("gone@" + host).build(), 0),
                Status.Code.NOT_FOUND, "unknown job 'gone@" + host + "'");
        assertRefused(() -> pause(Selector.newBuilder().setTag("batch").setHost(host).build(), 0),
                Status.Code.NOT_FOUND, "no job matches --host " + host + " --tag batch");
        assertRefused(() -> pause(Selector.newBuilder().addJobIds(job.getId()).build(), -1),
                Status.Code.INVALID_ARGUMENT, "bad lease -1 ms: give 0 (until resumed) or more");
        assertRefused(() -> coordinator.operator().resume(ResumeRequest.newBuilder()
                .setSelector(Selector.newBuilder().putLabels("role", "none-" + host)).build()),
                Status.Code.NOT_FOUND, "no job matches --label role=none-" + host);
        assertThat(store.jobs().get(job.getId())).contains(job);
    }

    private void pause(Selector selector, long leaseMs) {
        coordinator.operator().pause(PauseRequest.newBuilder().setSelector(selector).setLeaseMs(leaseMs).build());
    }

    private Job run(RunRequest request) {
        return coordinator.operator().run(request).getJobs(0);
    }

    private List<JobEvent> events(String jobId) {
        List<JobEvent> out = new ArrayList<>();
        coordinator.operator().events(EventsRequest.newBuilder().setRecent(1000).build()).forEachRemaining(e -> {
            if (e.getJobId().equals(jobId)) {
                out.add(e);
            }
        });
        return out;
    }

    private FakeAgent up(String name, Map<String, String> labels) {
        FakeAgent agent = coordinator.agent();
        agents.add(agent);
        agent.registerAndAwaitAssignment(name, labels);
        return agent;
    }

    static void assertRefused(ThrowingCallable call, Status.Code code, String description) {
        assertThatThrownBy(call).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).isEqualTo(description);
        });
    }
}
