package io.dmon.agent.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.agent.output.LineSplitter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job that prints hundreds of megabytes without a newline, through dmon's line pump in a JVM of
 * 64 MiB heap: before lines were cut, the pump grew its buffer to hold the whole line and died
 * of it. Now it lives, and the log command receives the line in marked pieces.
 */
class DmonLongLineIT {
    private static final long LINE = 300_000_000L;

    @TempDir
    Path dir;

    @Test
    void aLineOf300MegabytesReachesTheLogCommandInMarkedPiecesWithinA64MegabyteHeap() throws Exception {
        String job = "head -c " + LINE + " /dev/zero | tr '\\0' x; echo; echo after";
        // The log command counts lines, bytes and marks: no need to keep 300 MB around.
        String mark = new String(LineSplitter.CUT_MARK, java.nio.charset.StandardCharsets.US_ASCII).strip();
        var r = ProgramRun.run(DmonMain.class, List.of("-n", "-1", "sh", "-c", job, "--", "bash", "-c",
                "tee >(grep -c -F '" + mark + "' > marks) | wc -l -c; sleep 0.5; while [ ! -s marks ]; do sleep 0.1; done; cat marks"),
                dir, Map.of());
        long pieces = (LINE + LineSplitter.MAX_LINE - 1) / LineSplitter.MAX_LINE;
        long cuts = pieces - 1;
        long bytes = LINE + cuts * (LineSplitter.CUT_MARK.length + 1) + 1 + "after\n".length();
        assertThat(r.stderr()).doesNotContain("OutOfMemoryError").doesNotContain("Exception");
        assertThat(r.exit()).isZero();
        List<String> out = r.stdout().strip().lines().map(String::strip).toList();
        assertThat(out.get(0).split("\\s+")).containsExactly(Long.toString(pieces + 1), Long.toString(bytes));
        assertThat(out.get(1)).isEqualTo(Long.toString(cuts));
    }
}
