package io.dmon.agent.spool;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.proto.v1.LogLine;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobSpoolTest {
    @TempDir
    Path dir;

    private static void append(JobSpool spool, String text, int run) throws Exception {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        spool.append(b, 0, b.length, run);
    }

    private static List<String> texts(List<LogLine> lines) {
        return lines.stream().map(l -> l.getLine().toStringUtf8()).toList();
    }

    @Test
    void linesGetContiguousSeqsAcrossRunsAndChunks() throws Exception {
        JobSpool spool = new JobSpool("j@h", dir, 1 << 20);
        append(spool, "a\nb\n", 1);
        append(spool, "c\n", 2);
        List<LogLine> lines = spool.linesAfter(0, 100);
        assertThat(lines).extracting(LogLine::getSeq).containsExactly(1L, 2L, 3L);
        assertThat(lines).extracting(LogLine::getRun).containsExactly(1, 1, 2);
        assertThat(texts(lines)).containsExactly("a", "b", "c");
        assertThat(texts(spool.linesAfter(2, 100))).containsExactly("c");
    }

    @Test
    void acknowledgedLinesLeaveAndUnacknowledgedOnesSurviveARestart() throws Exception {
        JobSpool spool = new JobSpool("j@h", dir, 1 << 20);
        append(spool, "1\n2\n3\n4\n", 1);
        spool.ack(2);
        assertThat(texts(spool.linesAfter(0, 100))).containsExactly("3", "4");
        spool.close();

        JobSpool again = new JobSpool("j@h", dir, 1 << 20);
        assertThat(again.ackedSeq()).isEqualTo(2);
        assertThat(texts(again.linesAfter(again.ackedSeq(), 100))).containsExactly("3", "4");
        append(again, "5\n", 2);
        assertThat(again.linesAfter(0, 100)).extracting(LogLine::getSeq).containsExactly(3L, 4L, 5L);
    }

    @Test
    void seqGoesOnAfterEverythingWasAcknowledgedAndDeleted() throws Exception {
        JobSpool spool = new JobSpool("j@h", dir, 1 << 20);
        append(spool, "1\n2\n", 1);
        spool.ack(2);
        spool.close();
        JobSpool again = new JobSpool("j@h", dir, 1 << 20);
        append(again, "3\n", 1);
        assertThat(again.linesAfter(0, 10)).extracting(LogLine::getSeq).containsExactly(3L);
    }

    @Test
    void aRecordTornByACrashLosesNothingBeforeIt() throws Exception {
        JobSpool spool = new JobSpool("j@h", dir, 1 << 20);
        append(spool, "whole 1\nwhole 2\n", 1);
        spool.close();
        Path segment;
        try (Stream<Path> s = Files.list(dir)) {
            segment = s.filter(p -> p.toString().endsWith(".seg")).findFirst().orElseThrow();
        }
        byte[] torn = {42, 17, 1};
        Files.write(segment, torn, java.nio.file.StandardOpenOption.APPEND);
        JobSpool again = new JobSpool("j@h", dir, 1 << 20);
        assertThat(texts(again.linesAfter(0, 10))).containsExactly("whole 1", "whole 2");
        append(again, "after\n", 2);
        assertThat(again.linesAfter(0, 10)).extracting(LogLine::getSeq).containsExactly(1L, 2L, 3L);
    }

    @Test
    void aFullSpoolDropsTheOldestUnacknowledgedLinesAndSaysSo() throws Exception {
        JobSpool spool = new JobSpool("j@h", dir, 2_000);
        StringBuilder chunk = new StringBuilder();
        for (int i = 1; i <= 200; i++) {
            chunk.append("line ").append(i).append('\n');
        }
        append(spool, chunk.toString(), 1);
        List<LogLine> left = spool.linesAfter(spool.ackedSeq(), 1_000);
        assertThat(spool.dropped()).isPositive();
        assertThat(left.get(left.size() - 1).getLine().toStringUtf8()).isEqualTo("line 200");
        assertThat(left.get(0).getSeq()).isEqualTo(spool.dropped() + 1);
    }
}
