package io.dmon.agent.host;

import static io.dmon.agent.host.HostFixture.await;
import static io.dmon.agent.host.HostFixture.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dmon.agent.process.Posix;
import io.dmon.agent.supervise.JobEvent;
import io.dmon.agent.supervise.JobState;
import io.dmon.proto.v1.Job;
import io.dmon.spec.JobSpec;
import io.dmon.spec.UserSpec;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's own policy against real processes on a root agent: a refused job is REFUSED with
 * its reason, in its status and in an event, and nothing of it ever runs.
 */
class JobHostPolicyTest {
    @TempDir
    Path dir;

    @BeforeEach
    void rootOnly() {
        assumeTrue(Posix.load().geteuid() == 0, "the policy bites on a root agent only");
    }

    private static Job touching(String name, long generation) {
        return job(name, generation, JobSpec.builder().command("sh", "-c", "touch \"$OUT/" + name + ".ran\"")
                .once(true).build());
    }

    @Test
    void aRootJobWithoutAllowRootIsRefusedAndNeverStartedUntilAnAgentAllowsIt() throws Exception {
        Path state;
        try (HostFixture f = new HostFixture(dir, RunAsPolicy.strict(Posix.load()))) {
            state = f.state.root();
            f.reconcile(List.of(touching("r", 1)));
            await("r refused", () -> f.report("r") != null && f.report("r").snapshot().state() == JobState.REFUSED);
            assertThat(f.report("r").refusal()).contains("root").contains("--allow-root");
            assertThat(f.report("r").snapshot().pid()).isZero();
            await("the event", () -> f.events.stream().anyMatch(e -> e.jobId().equals("r@test") && e.event().kind() == JobEvent.Kind.STATE
                    && e.event().state() == JobState.REFUSED && e.cause().equals(f.report("r").refusal())));
            assertThat(f.events).noneMatch(e -> e.jobId().equals("r@test") && e.event().kind() == JobEvent.Kind.START);
            assertThat(f.messages).anyMatch(m -> m.startsWith("job r@test: refused: "));
            assertThat(dir.resolve("r.ran")).doesNotExist();
            assertThat(f.state.jobDir("r@test")).as("nothing of the job is made").doesNotExist();

            // A restart asks again, and is refused again: the same agent, the same policy.
            int refusals = refusals(f, "r@test");
            f.reconcile(List.of(touching("r", 2)));
            await("r refused again", () -> refusals(f, "r@test") > refusals && f.report("r").generation() == 2);
            assertThat(f.report("r").snapshot().state()).isEqualTo(JobState.REFUSED);
            f.host.flushAssignment();
        }
        assertThat(dir.resolve("r.ran")).doesNotExist();
        // An agent started with --allow-root on the same state decides anew and runs it.
        try (HostFixture f = new HostFixture(dir)) {
            assertThat(f.state.root()).isEqualTo(state);
            f.reconcile(List.of(touching("r", 2)));
            await("r completed", () -> f.report("r") != null && f.report("r").snapshot().state() == JobState.COMPLETED);
            assertThat(f.report("r").refusal()).isEmpty();
            assertThat(dir.resolve("r.ran")).exists();
        }
    }

    @Test
    void aNonRootUserRunsButALogCommandLeftAsRootIsRefused() throws Exception {
        Job asNobody = job("n", 1, JobSpec.builder().command("true").once(true)
                .cmdUser(new UserSpec("nobody", List.of())).build());
        Job rootLog = job("l", 1, JobSpec.builder().command("true").once(true)
                .cmdUser(new UserSpec("nobody", List.of())).logCommand("cat").build());
        Job rootGroup = job("g", 1, JobSpec.builder().command("true").once(true)
                .cmdUser(new UserSpec("nobody", List.of("root"))).build());
        Job explicitRoot = job("u", 1, JobSpec.builder().command("true").once(true)
                .cmdUser(new UserSpec("0", List.of())).build());
        try (HostFixture f = new HostFixture(dir, RunAsPolicy.strict(Posix.load()))) {
            f.reconcile(List.of(asNobody, rootLog, rootGroup, explicitRoot));
            await("n completed", () -> f.report("n") != null && f.report("n").snapshot().state() == JobState.COMPLETED);
            await("l, g, u refused", () -> List.of("l", "g", "u").stream()
                    .allMatch(n -> f.report(n) != null && f.report(n).snapshot().state() == JobState.REFUSED));
            assertThat(f.report("l").refusal()).startsWith("the log command would run as root");
            assertThat(f.report("g").refusal()).startsWith("option -u: the command would run with group root");
            assertThat(f.report("u").refusal()).startsWith("option -u: the command would run as root");
            assertThat(f.report("n").refusal()).isEmpty();
        }
    }

    @Test
    void allowUsersNamesTheOnlyUsersMinusUMaySelect() throws Exception {
        RunAsPolicy policy = RunAsPolicy.fromOptions(Posix.load(), false, List.of("daemon", "2"));
        Job asDaemon = job("d", 1, JobSpec.builder().command("true").once(true)
                .cmdUser(new UserSpec("daemon", List.of())).build());
        Job asNobody = job("n", 1, JobSpec.builder().command("sh", "-c", "echo ran").once(true)
                .cmdUser(new UserSpec("nobody", List.of())).build());
        Job byUid = job("i", 1, JobSpec.builder().command("true").once(true)
                .cmdUser(new UserSpec("2", List.of())).build());
        try (HostFixture f = new HostFixture(dir, policy)) {
            f.reconcile(List.of(asDaemon, asNobody, byUid));
            await("d and i completed", () -> List.of("d", "i").stream()
                    .allMatch(n -> f.report(n) != null && f.report(n).snapshot().state() == JobState.COMPLETED));
            await("n refused", () -> f.report("n") != null && f.report("n").snapshot().state() == JobState.REFUSED);
            assertThat(f.report("n").refusal())
                    .isEqualTo("option -u: user 'nobody' (uid 65534) is not in this agent's --allow-users");
            assertThat(f.report("n").snapshot().run()).isZero();
        }
    }

    private static int refusals(HostFixture f, String jobId) {
        return (int) f.events.stream().filter(e -> e.jobId().equals(jobId)
                && e.event().state() == JobState.REFUSED).count();
    }

    @Test
    void anUnknownAllowedUserIsABadOption() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> RunAsPolicy.fromOptions(Posix.load(), false, List.of("no-such-user-dmon")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("unknown user 'no-such-user-dmon'");
    }
}
