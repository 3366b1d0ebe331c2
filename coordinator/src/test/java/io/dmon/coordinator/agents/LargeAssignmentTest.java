package io.dmon.coordinator.agents;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.coordinator.FakeAgent;
import io.dmon.coordinator.ServiceHarness;
import io.dmon.coordinator.store.FleetStore;
import io.dmon.proto.v1.AgentMessage;
import io.dmon.proto.v1.CoordinatorMessage;
import io.dmon.proto.v1.DesiredState;
import io.dmon.proto.v1.EnvChange;
import io.dmon.proto.v1.Job;
import io.dmon.proto.v1.JobSpec;
import io.dmon.proto.v1.JobState;
import io.dmon.proto.v1.JobStatus;
import io.dmon.proto.v1.Register;
import io.dmon.proto.v1.RegisterPart;
import io.dmon.wire.MessageParts;
import io.dmon.wire.RequestLimits;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A host whose jobs together exceed the largest gRPC message: its register and its assignment
 * travel in parts, each under the limit, and nothing is lost or refused.
 */
class LargeAssignmentTest {
    private static final AtomicInteger HOSTS = new AtomicInteger();
    /** Jobs of about 60 KB each, just under the spec limit: 75 of them are about 4.5 MB. */
    private static final int JOBS = 75;
    private static FleetStore store;
    private ServiceHarness coordinator;
    private String host;

    @BeforeAll
    static void startStore() throws Exception {
        store = ServiceHarness.singleMember("dmon-large");
    }

    @AfterAll
    static void stopStore() {
        store.close();
    }

    @BeforeEach
    void startCoordinator() throws Exception {
        host = "big" + HOSTS.incrementAndGet();
        coordinator = new ServiceHarness(store, "coordinator-" + host);
    }

    @AfterEach
    void stopCoordinator() throws Exception {
        coordinator.close();
    }

    @Test
    void anAssignmentLargerThanAMessageComesInPartsEachUnderTheLimit() {
        List<Job> jobs = bigJobs(host);
        jobs.forEach(store.jobs()::create);
        long total = jobs.stream().mapToLong(Job::getSerializedSize).sum();
        assertThat(total).isGreaterThan(RequestLimits.MAX_MESSAGE_BYTES);

        FakeAgent agent = coordinator.agent().register(host, java.util.Map.of(), List.of(), List.of());
        assertThat(agent.next().hasRegistered()).isTrue();
        List<Job> received = new ArrayList<>();
        int parts = 0;
        boolean more = true;
        while (more) {
            CoordinatorMessage message = agent.next();
            assertThat(message.hasAssignment()).isTrue();
            assertThat(message.getSerializedSize()).isLessThan(RequestLimits.MAX_MESSAGE_BYTES);
            received.addAll(message.getAssignment().getJobsList());
            more = message.getAssignment().getMore();
            parts++;
        }
        assertThat(parts).isGreaterThan(4);
        assertThat(received).extracting(Job::getId).containsExactlyInAnyOrderElementsOf(jobs.stream().map(Job::getId).toList());
        agent.close();
    }

    @Test
    void aRegisterLargerThanAMessageComesInPartsAndTheJobsAreLearnedBack() {
        List<Job> jobs = bigJobs(host);
        List<JobStatus> statuses = jobs.stream().map(j -> JobStatus.newBuilder().setId(j.getId())
                .setState(JobState.RUNNING).setPid(4242).build()).toList();
        List<List<Job>> jobParts = MessageParts.split(jobs);
        assertThat(jobParts).hasSizeGreaterThan(4);

        FakeAgent agent = coordinator.agent();
        agent.send(AgentMessage.newBuilder().setRegister(Register.newBuilder().setName(host).setVersion("test")
                .addAllJobs(jobParts.get(0)).setMore(true)).build());
        for (int i = 1; i < jobParts.size(); i++) {
            RegisterPart.Builder part = RegisterPart.newBuilder().addAllJobs(jobParts.get(i)).setMore(true);
            agent.send(AgentMessage.newBuilder().setRegisterPart(part).build());
        }
        agent.send(AgentMessage.newBuilder().setRegisterPart(RegisterPart.newBuilder().addAllStatuses(statuses)).build());

        assertThat(agent.next().hasRegistered()).isTrue();
        List<Job> assigned = new ArrayList<>();
        for (boolean more = true; more; ) {
            CoordinatorMessage message = agent.next();
            assigned.addAll(message.getAssignment().getJobsList());
            more = message.getAssignment().getMore();
        }
        assertThat(assigned).hasSize(JOBS);
        assertThat(store.jobs().onHost(host)).hasSize(JOBS);
        assertThat(store.statuses().get(jobs.get(JOBS - 1).getId())).get()
                .extracting(JobStatus::getPid).isEqualTo(4242);
        agent.close();
    }

    @Test
    void aRegisterPartWithoutARegisterIsRefused() {
        FakeAgent agent = coordinator.agent();
        agent.send(AgentMessage.newBuilder().setRegisterPart(RegisterPart.newBuilder()).build());
        Status status = agent.awaitClosed();
        assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(status.getDescription()).isEqualTo("a register part without a register before it");
    }

    @Test
    void aHeartbeatBeforeTheLastRegisterPartIsRefused() {
        FakeAgent agent = coordinator.agent();
        agent.send(AgentMessage.newBuilder().setRegister(Register.newBuilder().setName(host).setMore(true)).build());
        agent.heartbeat(0.1);
        Status status = agent.awaitClosed();
        assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(status.getDescription()).isEqualTo("a register's parts must come before anything else");
    }

    private static List<Job> bigJobs(String host) {
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
            JobSpec.Builder spec = JobSpec.newBuilder().addCommand("sleep").addCommand("100").setMaxRespawns(-1);
            for (int e = 0; e < 4; e++) {
                spec.addEnviron(EnvChange.newBuilder().setName("PAD" + e).setValue("x".repeat(15_000)));
            }
            assertThat(RequestLimits.spec(spec.build())).isEmpty();
            jobs.add(Job.newBuilder().setId("job" + i + "@" + host).setName("job" + i).setHost(host)
                    .setSpec(spec).setDesired(DesiredState.DESIRED_RUNNING).setGeneration(1).build());
        }
        return jobs;
    }
}
