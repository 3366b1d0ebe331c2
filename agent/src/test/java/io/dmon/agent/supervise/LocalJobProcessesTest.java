package io.dmon.agent.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.agent.process.Posix;
import io.dmon.agent.process.Spawner;
import io.dmon.agent.spool.Spool;
import io.dmon.agent.spool.SpoolSet;
import io.dmon.agent.spool.SpooledLine;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real command writing to both streams, its output captured into a real spool. */
class LocalJobProcessesTest {
    @TempDir
    Path dir;

    private List<SpooledLine> run(boolean stderrToOutput, int expected) throws Exception {
        try (SpoolSet spools = SpoolSet.open(dir, 1 << 20, m -> { })) {
            var plan = new LocalJobProcesses.Plan(
                    List.of("/bin/sh", "-c", "echo out1; echo err1 >&2; echo out2; echo err2 >&2"), List.of(),
                    Spawner.environment(System.getenv()), dir.toString(), null, null, null,
                    Posix.Group.NEW_GROUP, stderrToOutput);
            var processes = new LocalJobProcesses(Posix.load(), plan, null, spools.sink("j@h", 0));
            var child = processes.startCommand(1);
            assertThat(child.waitFor().exitCode()).isZero();
            processes.awaitOutputDrained(10_000);
            Spool spool = spools.spool("j@h");
            long deadline = System.nanoTime() + 10_000_000_000L;
            List<SpooledLine> lines = spool.read(1, 100, 1 << 20);
            while (lines.size() < expected && System.nanoTime() < deadline) {
                Thread.sleep(20);
                lines = spool.read(1, 100, 1 << 20);
            }
            processes.closeOutput();
            return lines;
        }
    }

    private static List<String> texts(List<SpooledLine> lines, boolean stderr) {
        return lines.stream().filter(l -> l.stderr() == stderr)
                .map(l -> new String(l.text(), StandardCharsets.UTF_8)).toList();
    }

    @Test
    void withoutDashEStderrIsCapturedApartAndMarked() throws Exception {
        List<SpooledLine> lines = run(false, 4);
        assertThat(texts(lines, false)).containsExactly("out1", "out2");
        assertThat(texts(lines, true)).containsExactly("err1", "err2");
        assertThat(lines).extracting(SpooledLine::run).containsOnly(1);
    }

    @Test
    void withDashEStderrJoinsStdoutUnmarked() throws Exception {
        List<SpooledLine> lines = run(true, 4);
        assertThat(texts(lines, false)).containsExactly("out1", "err1", "out2", "err2");
        assertThat(texts(lines, true)).isEmpty();
    }
}
