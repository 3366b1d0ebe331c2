package io.dmon.agent.host;

import static io.dmon.agent.host.HostFixture.await;
import static io.dmon.agent.host.HostFixture.job;
import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.agent.spool.Spool;
import io.dmon.agent.supervise.JobState;
import io.dmon.proto.v1.Job;
import io.dmon.proto.v1.JobChange;
import io.dmon.spec.JobSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job removed and run again under the same id (another creation time) is another job on the
 * host: its own record and a log spool whose seqs start at 1, whether the removed one had
 * ended, was still stopping, or its removal was never heard of (only the new job came).
 */
class JobHostRerunTest {
    private static final long FIRST = 1_800_000_000_000L;
    private static final long SECOND = FIRST + 60_000;

    @TempDir
    Path dir;

    private static Job counting(String word, long created, boolean once) {
        String script = once ? "for i in 1 2 3; do echo " + word + " $i; done"
                : "i=0; while :; do i=$((i+1)); echo " + word + " $i; sleep 0.01; done";
        return job("x", 1, JobSpec.builder().command("sh", "-c", script).once(once).build()).toBuilder()
                .setCreatedUnixMs(created).build();
    }

    private static List<String> texts(Spool spool) throws java.io.IOException {
        return spool.read(1, 10_000, 1 << 20).stream().map(l -> new String(l.text(), StandardCharsets.UTF_8)).toList();
    }

    @Test
    void aJobRunAgainWhileTheRemovedOneStillStopsStartsOnceItIsGoneWithAFreshSpool() throws Exception {
        try (HostFixture f = new HostFixture(dir)) {
            f.reconcile(List.of(counting("old", FIRST, false)));
            await("the old job printed", () -> f.spools.spool("x@test").nextSeq() > 20);

            f.apply(JobChange.newBuilder().setJob(counting("old", FIRST, false)).setRemoved(true).build());
            f.apply(JobChange.newBuilder().setJob(counting("new", SECOND, true)).build());

            await("the new job completed", () -> f.report("x") != null
                    && f.report("x").snapshot().state() == JobState.COMPLETED && f.report("x").snapshot().run() == 1);
            Spool spool = f.spools.spool("x@test");
            await("its three lines", () -> spool.nextSeq() == 4);
            assertThat(texts(spool)).containsExactly("new 1", "new 2", "new 3");
            assertThat(spool.incarnation()).isEqualTo(SECOND);
        }
    }

    @Test
    void aNewJobOfTheIdWhoseRemovalWasNotHeardOfReplacesTheOldOne() throws Exception {
        try (HostFixture f = new HostFixture(dir)) {
            f.reconcile(List.of(counting("old", FIRST, true)));
            await("the old job completed", () -> f.report("x") != null
                    && f.report("x").snapshot().state() == JobState.COMPLETED);
            await("its three lines", () -> f.spools.spool("x@test").nextSeq() == 4);

            // A -1 job of the same generation would not run again: this one is another job.
            f.reconcile(List.of(counting("new", SECOND, true)));

            await("the new job's three lines, from seq 1", () -> {
                Spool spool = f.spools.spool("x@test");
                try {
                    return spool.incarnation() == SECOND && texts(spool).equals(List.of("new 1", "new 2", "new 3"));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertThat(f.messages).anyMatch(m -> m.contains("x@test: run again after its removal: 3 unacknowledged"));
        }
    }
}
