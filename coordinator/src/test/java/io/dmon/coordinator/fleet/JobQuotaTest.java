package io.dmon.coordinator.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class JobQuotaTest {
    private final JobQuota quota = new JobQuota(4, 2);

    @Test
    void aRunUpToEitherLimitFits() {
        assertThat(quota.problem(List.of("a@h1", "b@h2"), List.of("h1", "h3"))).isEmpty();
        assertThat(quota.problem(List.of(), List.of("h1", "h2", "h3", "h4"))).isEmpty();
    }

    @Test
    void oneJobOverTheFleetLimitIsAProblem() {
        assertThat(quota.problem(List.of("a@h1", "b@h2", "c@h3"), List.of("h4", "h5"))).hasValue("the fleet holds 3"
                + " jobs and this run would add 2, over the coordinator's limit of 4 (--max-jobs); remove jobs with"
                + " dmonctl rm");
    }

    @Test
    void oneJobOverAHostsLimitIsAProblemNamingThatHost() {
        assertThat(quota.problem(List.of("a@h1", "b@h1"), List.of("h2", "h1"))).hasValue("host 'h1' holds 2"
                + " jobs, the coordinator's limit for one host (--max-host-jobs 2); remove jobs with dmonctl rm");
    }

    @Test
    void aHostIsToldByTheWholePartAfterTheAt() {
        // A host named like another's suffix is a host of its own.
        assertThat(quota.problem(List.of("a@db1", "b@db1"), List.of("b1"))).isEmpty();
    }

    @Test
    void limitsBelowOneAreRefused() {
        assertThatThrownBy(() -> new JobQuota(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new JobQuota(1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
