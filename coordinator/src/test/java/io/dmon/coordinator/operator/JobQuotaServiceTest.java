package io.dmon.coordinator.operator;

import static io.dmon.coordinator.Fixtures.runOn;
import static io.dmon.coordinator.operator.PauseServiceTest.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.coordinator.FakeAgent;
import io.dmon.coordinator.ServiceHarness;
import io.dmon.coordinator.fleet.JobQuota;
import io.dmon.coordinator.store.FleetStore;
import io.dmon.proto.v1.Job;
import io.dmon.proto.v1.JobSpec;
import io.dmon.proto.v1.RemoveRequest;
import io.dmon.proto.v1.RunRequest;
import io.dmon.proto.v1.Selector;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Run against a coordinator whose quota is 5 jobs in the fleet and 3 on one host, over in-process
 * gRPC on a real member: a run over either limit is refused whole, in one line, with nothing
 * created; removing jobs makes room again; jobs an agent brings back are kept whatever the quota.
 */
class JobQuotaServiceTest {
    private FleetStore store;
    private ServiceHarness coordinator;
    private final List<FakeAgent> agents = new java.util.ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        store = ServiceHarness.singleMember("dmon-quota");
        coordinator = new ServiceHarness(store, "coordinator-quota", Duration.ofMillis(20), new JobQuota(5, 3));
        for (String host : List.of("qa", "qb", "qc")) {
            FakeAgent agent = coordinator.agent();
            agent.registerAndAwaitAssignment(host, Map.of());
            agents.add(agent);
        }
    }

    @AfterEach
    void stop() throws Exception {
        for (FakeAgent agent : agents) {
            agent.close();
        }
        coordinator.close();
        store.close();
    }

    @Test
    void aRunOverTheHostLimitIsRefusedAndCreatesNothing() {
        for (int i = 1; i <= 3; i++) {
            run("j" + i, "qa");
        }
        assertRefused(() -> run("j4", "qa"), Status.Code.FAILED_PRECONDITION, "host 'qa' holds 3 jobs, the"
                + " coordinator's limit for one host (--max-host-jobs 3); remove jobs with dmonctl rm");
        // A run named after its command is counted the same way.
        assertRefused(() -> coordinator.operator().run(runOn("qa", "sleep", "100")), Status.Code.FAILED_PRECONDITION,
                "host 'qa' holds 3 jobs, the coordinator's limit for one host (--max-host-jobs 3); remove jobs with"
                        + " dmonctl rm");
        assertThat(store.jobs().onHost("qa")).extracting(Job::getName).containsExactlyInAnyOrder("j1", "j2", "j3");
        assertThat(run("j1", "qb")).isNotNull();
    }

    @Test
    void aRunOverTheFleetLimitIsRefusedWholeUntilJobsAreRemoved() {
        run("a1", "qa");
        run("a2", "qa");
        run("a3", "qa");
        run("b1", "qb");
        assertRefused(() -> run("x", "qb", "qc"), Status.Code.FAILED_PRECONDITION, "the fleet holds 4 jobs and this"
                + " run would add 2, over the coordinator's limit of 5 (--max-jobs); remove jobs with dmonctl rm");
        assertThat(store.jobs().get("x@qb")).isEmpty();
        assertThat(store.jobs().get("x@qc")).isEmpty();
        assertThat(store.jobs().all()).hasSize(4);

        coordinator.operator().remove(RemoveRequest.newBuilder().setSelector(Selector.newBuilder().addJobIds("a3@qa"))
                .setForce(true).setBy("test").build());
        assertThat(run("x", "qb", "qc")).isNotNull();
        assertThat(store.jobs().all()).hasSize(5);
    }

    @Test
    void jobsAnAgentBringsBackAreKeptOverTheQuota() {
        List<Job> held = new java.util.ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            held.add(Job.newBuilder().setId("kept" + i + "@qd").setName("kept" + i).setHost("qd")
                    .setSpec(JobSpec.newBuilder().addCommand("sleep").addCommand("100")).setGeneration(1)
                    .setCreatedUnixMs(1_000).build());
        }
        FakeAgent returning = coordinator.agent();
        agents.add(returning);
        returning.register("qd", Map.of(), held, List.of());
        io.dmon.coordinator.Eventually.awaitTrue("the four jobs learned back", () -> store.jobs().onHost("qd").size() == 4);
        assertRefused(() -> run("more", "qd"), Status.Code.FAILED_PRECONDITION, "host 'qd' holds 4 jobs, the"
                + " coordinator's limit for one host (--max-host-jobs 3); remove jobs with dmonctl rm");
    }

    private Job run(String name, String... hosts) {
        RunRequest request = RunRequest.newBuilder().setName(name).addAllHosts(List.of(hosts))
                .setSpec(JobSpec.newBuilder().addCommand("sleep").addCommand("100")).build();
        return coordinator.operator().run(request).getJobs(0);
    }
}
