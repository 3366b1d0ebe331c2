package io.dmon.cli.command;

import static io.dmon.cli.Protos.job;
import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.cli.Coordinators;
import io.dmon.cli.Coordinators.Result;
import io.dmon.cli.FakeCoordinator;
import io.dmon.proto.v1.JobsResponse;
import io.dmon.proto.v1.RemoveRequest;
import io.dmon.proto.v1.Selector;
import io.grpc.Status;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** rm: the selector, --force and who asked; the refusal of a running job; bad selectors. */
class RmCommandTest {
    private final Coordinators coordinators = new Coordinators();
    private FakeCoordinator coordinator;

    @BeforeEach
    void start() {
        coordinator = coordinators.start("a");
        coordinator.remove = r -> JobsResponse.newBuilder().addJobs(job("web", "h1")).addJobs(job("db", "h2")).build();
    }

    @AfterEach
    void stop() {
        coordinators.close();
    }

    private Result run(String... args) {
        return coordinators.run(List.of("a"), c -> c.env(Map.of("USER", "alice")).hostName("ops1"), args);
    }

    @Test
    void removesByIdsWithoutForce() {
        Result r = run("rm", "web@h1", "db@h2");

        assertThat(r.status()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo("removed 2 jobs: web@h1 db@h2\n");
        RemoveRequest request = coordinator.requests(RemoveRequest.class).get(0);
        assertThat(request.getSelector()).isEqualTo(Selector.newBuilder().addJobIds("web@h1").addJobIds("db@h2").build());
        assertThat(request.getForce()).isFalse();
        assertThat(request.getBy()).isEqualTo("alice@ops1");
    }

    @Test
    void removesBySelectorWithForce() {
        Result r = run("rm", "--tag", "batch", "--host", "h1", "--force");

        assertThat(r.status()).isZero();
        RemoveRequest request = coordinator.requests(RemoveRequest.class).get(0);
        assertThat(request.getForce()).isTrue();
        assertThat(request.getSelector().getTag()).isEqualTo("batch");
        assertThat(request.getSelector().getHost()).isEqualTo("h1");
    }

    @Test
    void aRunningJobIsAConflictInOneLine() {
        coordinator.remove = r -> {
            throw FakeCoordinator.fail(Status.FAILED_PRECONDITION.withDescription(
                    "job 'web@h1' is RUNNING: stop it first, or remove it with --force (nothing was removed)"));
        };

        Result r = run("rm", "web@h1");

        assertThat(r.status()).isEqualTo(5);
        assertThat(r.err()).isEqualTo(
                "dmonctl: job 'web@h1' is RUNNING: stop it first, or remove it with --force (nothing was removed)\n");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void anEmptyOrMixedSelectorIsAUsageErrorAndNothingIsSent() {
        Result empty = run("rm");
        Result mixed = run("rm", "web@h1", "--all");

        assertThat(empty.status()).isEqualTo(2);
        assertThat(empty.err()).startsWith("dmonctl: empty selector");
        assertThat(mixed.status()).isEqualTo(2);
        assertThat(mixed.err()).isEqualTo("dmonctl: job ids go alone: not with --all (got web@h1)\n");
        assertThat(coordinator.requests(RemoveRequest.class)).isEmpty();
    }
}
