package io.dmon.agent.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dmon.agent.output.LineSink;
import io.dmon.agent.spool.SpoolSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host's disk condition: set by a failed write of the state directory or the spool, cleared
 * by the next write that works, each change once. On a real 1 MB tmpfs filled to the last byte
 * where the test may mount one (as root), else skipped saying why.
 */
class StorageHealthTest {
    @TempDir
    Path dir;

    @Test
    void aFailureIsTheConditionUntilAWriteOfTheSameAreaWorks() {
        StorageHealth health = new StorageHealth();
        health.worked(StorageHealth.SPOOL);
        assertThat(health.takeChanges()).isEmpty();

        health.failed(StorageHealth.SPOOL, "job a@h: No space left on device");
        health.failed(StorageHealth.STATE, "No space left on device\nsecond line");
        assertThat(health.condition()).isEqualTo(
                "log spool: job a@h: No space left on device; state directory: No space left on device second line");
        health.worked(StorageHealth.STATE);
        assertThat(health.condition()).isEqualTo("log spool: job a@h: No space left on device");
        health.worked(StorageHealth.SPOOL);
        assertThat(health.condition()).isEmpty();

        List<StorageHealth.Change> changes = health.takeChanges();
        assertThat(changes).extracting(StorageHealth.Change::failed).containsExactly(true, false);
        assertThat(changes.get(0).cause()).isEqualTo("log spool: job a@h: No space left on device");
        assertThat(changes.get(1).cause()).isEqualTo("log spool writable again");
        assertThat(health.takeChanges()).isEmpty();
    }

    @Test
    void aHugeCauseIsCut() {
        StorageHealth health = new StorageHealth();
        health.failed(StorageHealth.STATE, "x".repeat(100_000));
        assertThat(health.condition()).hasSize(300).endsWith("...");
    }

    @Test
    void aFullTmpfsFailsTheStateAndTheSpoolAndFreeingItHeals() throws Exception {
        Path mount = Files.createDirectories(dir.resolve("small"));
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mount.toString()) == 0,
                "mounting a 1 MB tmpfs is not permitted here (needs root): skipped");
        try (StateDir state = StateDir.open(mount.resolve("state"), m -> { })) {
            SpoolSet spools = SpoolSet.open(state.spoolRoot(), 1 << 20, m -> { }, state.health());
            LineSink sink = spools.sink("a@h", 0).forRun(1);
            sink.accept(line("before"), 0, line("before").length);
            state.writeRecord(JobRecord.fresh("a@h"));
            assertThat(state.health().condition()).isEmpty();

            Path filler = mount.resolve("filler");
            fill(filler);
            assertThat(writeRecordFails(state)).isTrue();
            byte[] big = new byte[64 << 10];
            java.util.Arrays.fill(big, (byte) 'x');
            big[big.length - 1] = '\n';
            // The sink waits for room (back-pressure): a pump's thread of its own, as in the agent.
            Thread pump = new Thread(() -> {
                for (int i = 0; i < 4; i++) {
                    try {
                        sink.accept(big, 0, big.length);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            });
            pump.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!state.health().condition().contains("log spool: job a@h: ") && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(state.health().condition()).contains("state directory: ", "log spool: job a@h: ");
            assertThat(pump.isAlive()).as("the write waits for room").isTrue();
            assertThat(state.health().takeChanges()).extracting(StorageHealth.Change::failed).containsExactly(true);

            Files.delete(filler);
            state.writeRecord(JobRecord.fresh("a@h"));
            pump.join(TimeUnit.SECONDS.toMillis(20));
            assertThat(pump.isAlive()).as("the waiting write went in once there was room").isFalse();
            sink.accept(line("after"), 0, line("after").length);
            assertThat(state.health().condition()).isEmpty();
            assertThat(spools.kept("a@h").orElseThrow().nextSeq()).as("before, 4 big lines, after: none lost")
                    .isEqualTo(7);
            List<StorageHealth.Change> healed = state.health().takeChanges();
            assertThat(healed).extracting(StorageHealth.Change::failed).containsExactly(false);
            spools.close();
        } finally {
            run("umount", "-l", mount.toString());
        }
    }

    private static boolean writeRecordFails(StateDir state) {
        try {
            state.writeRecord(JobRecord.fresh("a@h"));
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private static void fill(Path file) {
        byte[] block = new byte[4096];
        try (var out = Files.newOutputStream(file)) {
            for (;;) {
                out.write(block);
            }
        } catch (IOException e) {
            // Full: what was wanted.
        }
    }

    private static byte[] line(String text) {
        return (text + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }
}
