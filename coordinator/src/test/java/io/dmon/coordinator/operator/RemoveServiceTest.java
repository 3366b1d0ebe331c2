package io.dmon.coordinator.operator;

import static io.dmon.coordinator.Fixtures.lines;
import static io.dmon.coordinator.Fixtures.runOn;
import static io.dmon.coordinator.operator.PauseServiceTest.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.coordinator.FakeAgent;
import io.dmon.coordinator.ServiceHarness;
import io.dmon.coordinator.store.FleetStore;
import io.dmon.proto.v1.AgentMessage;
import io.dmon.proto.v1.CoordinatorMessage;
import io.dmon.proto.v1.DesiredState;
import io.dmon.proto.v1.EventsRequest;
import io.dmon.proto.v1.Job;
import io.dmon.proto.v1.JobEvent;
import io.dmon.proto.v1.JobState;
import io.dmon.proto.v1.JobStatus;
import io.dmon.proto.v1.RemoveRequest;
import io.dmon.proto.v1.Selector;
import io.dmon.proto.v1.StatusBatch;
import io.grpc.Status;
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

/** Remove over in-process gRPC: running jobs refused without force, everything of a job gone with it. */
class RemoveServiceTest {
    private static final AtomicInteger HOSTS = new AtomicInteger();
    private static FleetStore store;
    private ServiceHarness coordinator;
    private FakeAgent agent;
    private String host;

    @BeforeAll
    static void startStore() throws Exception {
        store = ServiceHarness.singleMember("dmon-remove");
    }

    @AfterAll
    static void stopStore() {
        store.close();
    }

    @BeforeEach
    void startCoordinator() throws Exception {
        host = "rm" + HOSTS.incrementAndGet();
        coordinator = new ServiceHarness(store, "coordinator-" + host);
        agent = coordinator.agent();
        agent.registerAndAwaitAssignment(host, Map.of());
    }

    @AfterEach
    void stopCoordinator() throws Exception {
        agent.close();
        coordinator.close();
    }

    @Test
    void aRunningJobIsRefusedWithoutForceAndNothingIsRemoved() {
        Job stopped = run("done");
        Job web = run("web");
        report(stopped, JobState.STOPPED);
        report(web, JobState.RUNNING);

        assertRefused(() -> remove(Selector.newBuilder().setHost(host), false), Status.Code.FAILED_PRECONDITION,
                "job '" + web.getId() + "' is RUNNING: stop it first, or remove it with --force (nothing was removed)");
        assertThat(store.jobs().onHost(host)).hasSize(2);
    }

    @Test
    void aJobNotYetReportedCountsAsRunning() {
        Job fresh = run("fresh");
        assertRefused(() -> remove(ids(fresh), false), Status.Code.FAILED_PRECONDITION,
                "job '" + fresh.getId() + "' is not yet reported: stop it first, or remove it with --force (nothing was removed)");
    }

    @Test
    void aStoppedJobIsRemovedWithItsStatusLinesAndAnEventAndTheAgentIsTold() {
        Job job = run("batch");
        agent.awaitMessage("the job", m -> m.hasChange() && m.getChange().getJob().getId().equals(job.getId()));
        agent.logs(lines(job.getId(), 1, 3, 1000));
        agent.awaitMessage("the ack", CoordinatorMessage::hasAck);
        report(job, JobState.COMPLETED);

        List<Job> removed = remove(ids(job), false);
        assertThat(removed).extracting(Job::getId).containsExactly(job.getId());
        assertThat(store.jobs().get(job.getId())).isEmpty();
        assertThat(store.statuses().get(job.getId())).isEmpty();
        assertThat(store.logs().tail(job.getId(), -1).items()).isEmpty();
        CoordinatorMessage change = agent.awaitMessage("the removal", m -> m.hasChange() && m.getChange().getRemoved());
        assertThat(change.getChange().getJob().getId()).isEqualTo(job.getId());
        assertThat(events(job.getId())).anySatisfy(e -> {
            assertThat(e.getKind()).isEqualTo(JobEvent.Kind.REMOVED);
            assertThat(e.getCause()).isEqualTo("by alice@ops1 (unauthenticated)");
        });
    }

    @Test
    void forceRemovesRunningJobsBySelector() {
        Job a = run("a");
        Job b = run("b");
        report(a, JobState.RUNNING);
        List<Job> removed = remove(Selector.newBuilder().setHost(host), true);
        assertThat(removed).extracting(Job::getId).containsExactlyInAnyOrder(a.getId(), b.getId());
        assertThat(store.jobs().onHost(host)).isEmpty();
    }

    @Test
    void anUnknownIdOrAnEmptySelectorRemovesNothing() {
        Job a = run("a");
        assertRefused(() -> remove(Selector.newBuilder().addJobIds(a.getId()).addJobIds("nope@" + host), true),
                Status.Code.NOT_FOUND, "unknown job 'nope@" + host + "'");
        assertThat(store.jobs().get(a.getId())).isPresent();
        assertThat(RemoveControl.running(a.toBuilder().setDesired(DesiredState.DESIRED_STOPPED).build(), Optional.empty()))
                .isEmpty();
        assertRefused(() -> remove(Selector.newBuilder(), true), Status.Code.INVALID_ARGUMENT,
                io.dmon.coordinator.fleet.JobSelector.EMPTY);
    }

    private Job run(String name) {
        return coordinator.operator().run(runOn(host, "sleep", "100").toBuilder().setName(name).build()).getJobs(0);
    }

    private void report(Job job, JobState state) {
        agent.send(AgentMessage.newBuilder().setStatuses(StatusBatch.newBuilder().addStatuses(
                JobStatus.newBuilder().setId(job.getId()).setState(state))).build());
        io.dmon.coordinator.Eventually.awaitTrue(job.getId() + " " + state,
                () -> store.statuses().get(job.getId()).map(JobStatus::getState).orElse(null) == state);
    }

    private List<Job> remove(Selector.Builder selector, boolean force) {
        return coordinator.operator().remove(RemoveRequest.newBuilder().setSelector(selector).setForce(force)
                .setBy("alice@ops1").build()).getJobsList();
    }

    private static Selector.Builder ids(Job job) {
        return Selector.newBuilder().addJobIds(job.getId());
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
}
