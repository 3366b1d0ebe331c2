package io.dmon.coordinator.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.proto.v1.JobEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatestIncarnationTest {
    private static final long NOW = 1_800_000_000_000L;
    private static final long AHEAD = 5 * 60_000;

    private static JobEvent start(String job, int run, long unixMs) {
        return JobEvent.newBuilder().setJobId(job).setRole(JobEvent.Role.CMD).setKind(JobEvent.Kind.START).setRun(run)
                .setPid(1000 + run).setUnixMs(unixMs).build();
    }

    private static JobEvent removed(String job, long unixMs) {
        return JobEvent.newBuilder().setJobId(job).setKind(JobEvent.Kind.REMOVED).setUnixMs(unixMs).build();
    }

    @Test
    void aJobRunAgainUnderARemovedOnesIdHasOnlyItsOwnEventsHoweverTheHostsClock() {
        // The removed job respawned on a host 5 minutes ahead: its events look newer than the removal.
        JobEvent old2 = start("web@h1", 2, NOW - 10_000 + AHEAD);
        JobEvent old3 = start("web@h1", 3, NOW - 5_000 + AHEAD);
        JobEvent gone = removed("web@h1", NOW);
        JobEvent other = start("db@h1", 2, NOW - 7_000);
        JobEvent new1 = start("web@h1", 1, NOW + 1_000 + AHEAD);

        List<JobEvent> kept = LatestIncarnation.of(List.of(old2, other, old3, gone, new1));

        assertThat(kept).containsExactly(other, gone, new1);
    }

    @Test
    void removedTwiceKeepsWhatFollowsTheLastRemoval() {
        JobEvent a = start("web@h1", 1, NOW);
        JobEvent firstRemoval = removed("web@h1", NOW + 1);
        JobEvent b = start("web@h1", 1, NOW + 2);
        JobEvent secondRemoval = removed("web@h1", NOW + 3);
        JobEvent c = start("web@h1", 1, NOW + 4);

        assertThat(LatestIncarnation.of(List.of(a, firstRemoval, b, secondRemoval, c))).containsExactly(secondRemoval, c);
    }

    @Test
    void withoutARemovalEverythingStays() {
        List<JobEvent> stored = List.of(start("web@h1", 1, NOW), start("web@h1", 2, NOW - 60_000));
        assertThat(LatestIncarnation.of(stored)).isSameAs(stored);
    }

    @Test
    void theRemovedJobsOwnEventsStoredAfterItsRemovalAreLeftOut() {
        JobEvent gone = removed("web@h1", NOW).toBuilder().setJobCreatedUnixMs(100).build();
        JobEvent lateStop = start("web@h1", 3, NOW + 1).toBuilder().setKind(JobEvent.Kind.STOP)
                .setJobCreatedUnixMs(100).build();
        JobEvent new1 = start("web@h1", 1, NOW + 2).toBuilder().setJobCreatedUnixMs(200).build();
        JobEvent unsaid = start("web@h1", 2, NOW + 3);

        assertThat(LatestIncarnation.of(List.of(gone, lateStop, new1, unsaid))).containsExactly(gone, new1, unsaid);
    }
}
