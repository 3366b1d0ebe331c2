package io.dmon.agent.host;

import static io.dmon.agent.host.HostFixture.await;
import static io.dmon.agent.host.HostFixture.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dmon.agent.spool.Spool;
import io.dmon.agent.state.JobRecord;
import io.dmon.agent.state.StateDir;
import io.dmon.agent.spool.SpooledLine;
import io.dmon.agent.supervise.JobState;
import io.dmon.proto.v1.Job;
import io.dmon.spec.JobSpec;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job whose output cannot be spooled because the state directory's file system is full: the
 * job is held back on its pipe (it cannot finish), the host's condition says why, and once space
 * returns every line arrives, in order, none lost and none twice. The file system is a real
 * tmpfs of a few megabytes mounted for the test (root only: skipped, with the reason, elsewhere).
 */
class FullDiskTest {
    /** Longer than the job's pipe (1 MiB) and the pump's buffer together, so the job must wait. */
    static final int LINES = 250_000;

    /** Waits for $OUT/go (so the disk is full before it prints), then prints 1..LINES. */
    static final Job TALKER = job("talk", 1, JobSpec.builder()
            .command("sh", "-c", "while [ ! -e \"$OUT/go\" ]; do sleep 0.05; done; exec seq 1 " + LINES)
            .once(true).build());

    @TempDir
    Path dir;

    @Test
    void aFullDiskHoldsTheJobBackAndLosesNoLineOnceSpaceReturns() throws Exception {
        Path state = dir.resolve("state");
        Files.createDirectory(state);
        try (SmallTmpfs disk = SmallTmpfs.mount(state, "16m")) {
            try (HostFixture f = new HostFixture(dir, 64L << 20)) {
                f.reconcile(List.of(TALKER));
                await("the job started", () -> f.report("talk") != null
                        && f.report("talk").snapshot().state() == JobState.RUNNING);
                Path filler = state.resolve("filler");
                fill(filler);
                Files.writeString(dir.resolve("go"), "");

                await("the host's condition says the spool cannot be written",
                        () -> f.spools.health().condition().contains("log spool: job talk@test: No space left on device"));
                assertThat(f.report("talk").snapshot().state()).as("held back on its pipe, so not finished")
                        .isEqualTo(JobState.RUNNING);
                assertThat(f.messages).anyMatch(m -> m.contains("talk@test: cannot write the log spool, the job's output waits"));

                Files.delete(filler);
                await("the job completed", () -> f.report("talk").snapshot().state() == JobState.COMPLETED);
                await("the condition cleared by itself", () -> f.spools.health().condition().isEmpty());
                assertThat(f.messages).anyMatch(m -> m.contains("talk@test: log spool writable again"));
                assertThat(f.messages).as("said once, not at every attempt")
                        .filteredOn(m -> m.contains("cannot write the log spool")).hasSize(1);
                assertThat(f.messages).noneMatch(m -> m.contains("closing spool segment"));
                assertEveryLineOnceInOrder(f.spools.kept("talk@test").orElseThrow());
            }
        }
    }

    /**
     * Waits for $OUT/go, then counts for ever (1, 2, 3, ...) until stopped, each number written to
     * $OUT/last (off the full disk; appended, one write each) after it is printed: what the job printed, to compare.
     */
    static final Job COUNTER = job("count", 1, JobSpec.builder()
            .command("sh", "-c", "while [ ! -e \"$OUT/go\" ]; do sleep 0.05; done; i=0; "
                    + "while :; do i=$((i+1)); echo $i; echo $i >> \"$OUT/last\"; done").build());

    /**
     * A stop of a job whose output waits for the disk completes while the disk is still full: the
     * job ends, and the lines it printed wait in its monitor's store, to be spooled once space
     * returns: every one once, in order, from 1.
     */
    @Test
    void aStopCompletesWhileTheDiskIsFullAndItsLinesArriveOnceSpaceReturns() throws Exception {
        Path state = dir.resolve("state");
        Files.createDirectory(state);
        try (SmallTmpfs disk = SmallTmpfs.mount(state, "16m")) {
            try (HostFixture f = new HostFixture(dir, 64L << 20)) {
                f.reconcile(List.of(COUNTER));
                await("the job started", () -> f.report("count") != null
                        && f.report("count").snapshot().state() == JobState.RUNNING);
                Path filler = state.resolve("filler");
                fill(filler);
                Files.writeString(dir.resolve("go"), "");
                await("the host's condition says the spool cannot be written",
                        () -> f.spools.health().condition().contains("No space left on device"));

                long t0 = System.nanoTime();
                Thread stopper = new Thread(() -> f.reconcile(List.of(HostFixture.stopped(COUNTER))));
                stopper.start();
                await("the job STOPPED with the disk still full", () -> f.report("count").snapshot().state()
                        == JobState.STOPPED);
                stopper.join(HostFixture.DEADLINE.toMillis());
                assertThat(stopper.isAlive()).as("the stop returned").isFalse();
                System.out.println("[full disk] stopped in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
                List<String> numbers = Files.readAllLines(dir.resolve("last"));
                long printed = Long.parseLong(numbers.get(numbers.size() - 1));
                assertThat(f.spools.health().condition()).as("still full").contains("No space left on device");

                Files.delete(filler);
                await("the condition cleared by itself", () -> f.spools.health().condition().isEmpty());
                Spool spool = f.spools.kept("count@test").orElseThrow();
                await("lines spooled up to what the job printed", () -> spool.nextSeq() > printed);
                long spooled = assertContiguousFromOne(spool);
                System.out.println("[full disk] " + spooled + " lines spooled after space returned");
                // Its last number may be printed and not yet in $OUT/last: killed between the two.
                assertThat(spooled).as("every line the job printed, " + printed + " or one more").isBetween(printed, printed + 1);
            }
        }
    }

    /**
     * A state write the full disk refused is written again by itself once space returns, and the
     * condition clears: a job's record stays stale on disk no longer than the disk stays full. A
     * record deleted meanwhile does not come back.
     */
    @Test
    void aStateWriteTheDiskRefusedIsWrittenOnceSpaceReturns() throws Exception {
        Path state = dir.resolve("state");
        Files.createDirectory(state);
        try (SmallTmpfs disk = SmallTmpfs.mount(state, "4m")) {
            StateDir sd = StateDir.open(state, m -> { });
            try {
                Files.createDirectories(state.resolve("runtime"));
                Path filler = state.resolve("filler");
                fill(filler);
                JobRecord kept = JobRecord.fresh("a@test");
                JobRecord dropped = JobRecord.fresh("b@test");
                assertThatThrownBy(() -> sd.writeRecord(kept)).isInstanceOf(IOException.class);
                assertThatThrownBy(() -> sd.writeRecord(dropped)).isInstanceOf(IOException.class);
                sd.deleteRecord("b@test");
                assertThat(sd.health().condition()).contains("state directory").contains("No space left on device");
                Thread.sleep(3 * 1_000);
                assertThat(sd.health().condition()).as("still refused while full").contains("No space left on device");

                Files.delete(filler);
                await("the condition cleared by itself", () -> sd.health().condition().isEmpty());
                assertThat(sd.readRecords()).as("the refused record written, the deleted one not").containsOnlyKeys("a@test");
                assertThat(sd.readRecords().get("a@test")).isEqualTo(kept);
            } finally {
                sd.close();
            }
        }
    }

    /** Every line in the spool is its own seq, from 1, none missing, none twice; returns how many. */
    private static long assertContiguousFromOne(Spool spool) throws IOException {
        long expected = 1;
        for (List<SpooledLine> batch; !(batch = spool.readRange(expected, 10_000, 1 << 20)).isEmpty(); ) {
            for (SpooledLine line : batch) {
                assertThat(line.seq()).as("seq").isEqualTo(expected);
                assertThat(new String(line.text(), StandardCharsets.UTF_8)).as("line of seq " + expected)
                        .isEqualTo(Long.toString(expected));
                expected++;
            }
        }
        return expected - 1;
    }

    /** Writes {@code file} until the file system refuses (the pages a file already has still take bytes). */
    private static void fill(Path file) throws IOException {
        byte[] block = new byte[64 << 10];
        try (OutputStream out = Files.newOutputStream(file)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left on device")) {
                throw e;
            }
        }
    }

    private static void assertEveryLineOnceInOrder(Spool spool) throws IOException {
        long expected = 1;
        for (List<SpooledLine> batch; !(batch = spool.readRange(expected, 10_000, 1 << 20)).isEmpty(); ) {
            for (SpooledLine line : batch) {
                assertThat(line.seq()).as("seq").isEqualTo(expected);
                assertThat(new String(line.text(), StandardCharsets.UTF_8)).as("line of seq " + expected)
                        .isEqualTo(Long.toString(expected));
                expected++;
            }
        }
        assertThat(expected - 1).as("lines in the spool").isEqualTo(LINES);
    }
}
