package io.dmon.agent.spool;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.proto.v1.LogLine;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spool on a real disk: seqs, acknowledgement, reopening, repair, the bound. */
class SpoolTest {
    @TempDir
    Path dir;

    private final List<String> messages = new CopyOnWriteArrayList<>();

    private SpoolSet open(long max) throws IOException {
        return SpoolSet.open(dir, max, messages::add);
    }

    private static void write(Spool spool, int run, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        spool.append(b, 0, b.length, run, 1000);
    }

    private static List<String> texts(List<SpooledLine> lines) {
        return lines.stream().map(l -> new String(l.text(), StandardCharsets.UTF_8)).toList();
    }

    private static List<Long> seqs(List<SpooledLine> lines) {
        return lines.stream().map(SpooledLine::seq).toList();
    }

    private List<Path> segments(String job) throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve(job))) {
            return s.filter(p -> p.toString().endsWith(".seg")).sorted().toList();
        }
    }

    @Test
    void linesGetSeqsFromOneAcrossRunsAndComeBackWithJobRunAndTime() throws IOException {
        try (SpoolSet set = open(1 << 20)) {
            Spool spool = set.spool("web@h1");
            write(spool, 1, "one\ntwo\n");
            write(spool, 2, "three\n\n");
            List<SpooledLine> lines = spool.read(1, 100, 1 << 20);
            assertThat(texts(lines)).containsExactly("one", "two", "three", "");
            assertThat(seqs(lines)).containsExactly(1L, 2L, 3L, 4L);
            assertThat(lines).extracting(SpooledLine::run).containsExactly(1, 1, 2, 2);
            assertThat(spool.jobId()).isEqualTo("web@h1");
            assertThat(lines).extracting(SpooledLine::unixMs).containsOnly(1000L);
            assertThat(texts(spool.read(3, 1, 1 << 20))).containsExactly("three");
            assertThat(spool.read(5, 10, 100)).isEmpty();
        }
    }

    @Test
    void acknowledgedLinesAreKeptWithinTheRetentionAndReadBackByRange() throws IOException {
        // A 64 KiB spool makes 4 KiB segments; 20 lines of 1,000 bytes fill five of them.
        try (SpoolSet set = open(64 * 1024)) {
            set.retain(new Retention(12 * 1024, 3_600_000));
            Spool spool = set.spool("kept@h1");
            String text = "x".repeat(999) + "\n";
            for (int i = 0; i < 20; i++) {
                write(spool, 1, text);
            }
            set.ack("kept@h1", 20);
            // Acknowledged, yet kept up to the retention's bytes: the oldest segments went, whole.
            assertThat(spool.bytes()).isLessThanOrEqualTo(12 * 1024).isGreaterThan(4 * 1024);
            long oldest = spool.oldestKept();
            assertThat(oldest).isGreaterThan(1);
            List<SpooledLine> range = spool.readRange(1, 100, 1 << 20);
            assertThat(seqs(range)).containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(oldest, 20).boxed().toList());
            assertThat(seqs(spool.readRange(18, 2, 1 << 20))).containsExactly(18L, 19L);
            assertThat(spool.read(1, 100, 1 << 20)).as("nothing left to send").isEmpty();

            set.retain(Retention.NONE);
            assertThat(spool.readRange(1, 100, 1 << 20)).isEmpty();
        }
    }

    @Test
    void readsRespectLineAndByteBudgetsButAlwaysGiveOneLine() throws IOException {
        try (SpoolSet set = open(1 << 20)) {
            Spool spool = set.spool("j");
            write(spool, 1, "aaaa\nbbbb\ncccc\ndddd\n");
            assertThat(texts(spool.read(1, 2, 1000))).containsExactly("aaaa", "bbbb");
            assertThat(texts(spool.read(3, 10, 5))).containsExactly("cccc");
            assertThat(texts(spool.read(3, 10, 8))).containsExactly("cccc", "dddd");
            assertThat(texts(spool.read(1, 10, 1))).containsExactly("aaaa");
        }
    }

    @Test
    void stderrLinesKeepTheirMarkThroughTheSinkAndAcrossReopening() throws IOException {
        try (SpoolSet set = open(1 << 20)) {
            var sink = set.sink("j", 0);
            byte[] out = "out\n".getBytes(StandardCharsets.UTF_8);
            byte[] err = "err one\nerr two\n".getBytes(StandardCharsets.UTF_8);
            sink.forRun(1).accept(out, 0, out.length);
            sink.forRunStderr(1).accept(err, 0, err.length);
            sink.forRun(1).accept(out, 0, out.length);
        }
        try (SpoolSet set = open(1 << 20)) {
            List<SpooledLine> lines = set.spool("j").read(1, 10, 1 << 20);
            assertThat(texts(lines)).containsExactly("out", "err one", "err two", "out");
            assertThat(lines).extracting(SpooledLine::stderr).containsExactly(false, true, true, false);
            assertThat(lines).extracting(SpooledLine::run).containsOnly(1);
        }
    }

    @Test
    void seqsContinueAfterReopeningAndAfterEverythingWasAcknowledged() throws IOException {
        try (SpoolSet set = open(1 << 20)) {
            write(set.spool("j"), 1, "a\nb\n");
        }
        try (SpoolSet set = open(1 << 20)) {
            Spool spool = set.spool("j");
            assertThat(spool.nextSeq()).isEqualTo(3);
            write(spool, 2, "c\n");
            spool.ack(3);
            assertThat(segments("j")).isEmpty();
        }
        try (SpoolSet set = open(1 << 20)) {
            Spool spool = set.spool("j");
            assertThat(spool.nextSeq()).as("from the cursor once no segment is left").isEqualTo(4);
            write(spool, 3, "d\n");
            assertThat(seqs(spool.read(1, 10, 1000))).containsExactly(4L);
        }
    }

    @Test
    void acknowledgementDeletesWholeSegmentsOnly() throws IOException {
        try (SpoolSet set = open(64 * 1024)) {
            Spool spool = set.spool("j");
            String line = "x".repeat(99) + "\n";
            for (int i = 0; i < 200; i++) {
                write(spool, 1, line);
            }
            List<Path> before = segments("j");
            assertThat(before).hasSizeGreaterThan(3);
            spool.ack(60);
            List<Path> after = segments("j");
            assertThat(after).hasSizeLessThan(before.size());
            assertThat(spool.firstSeq()).isEqualTo(61);
            assertThat(seqs(spool.read(1, 1, 1000))).containsExactly(61L);
            spool.ack(200);
            assertThat(segments("j")).isEmpty();
            assertThat(spool.bytes()).isZero();
        }
    }

    @Test
    void overflowDropsTheOldestSegmentAndSaysSo() throws IOException {
        try (SpoolSet set = open(16 * 1024)) {
            Spool spool = set.spool("j");
            String line = "y".repeat(99) + "\n";
            for (int i = 0; i < 1000; i++) {
                write(spool, 1, line);
            }
            assertThat(spool.bytes()).isLessThanOrEqualTo(16 * 1024);
            assertThat(spool.dropped()).isPositive();
            long first = spool.firstSeq();
            assertThat(first).isEqualTo(spool.dropped() + 1);
            List<SpooledLine> rest = spool.read(1, 10_000, 1 << 20);
            assertThat(rest.get(0).seq()).as("reading from 1 starts at the oldest kept").isEqualTo(first);
            assertThat(seqs(rest)).as("contiguous to the newest").hasSize((int) (1001 - first));
            assertThat(messages).isNotEmpty().allMatch(m -> m.matches(
                    "job j: log spool over its limit of 16384 bytes: dropped unacknowledged lines \\d+\\.\\.\\d+ \\(\\d+ dropped so far\\)"));
            assertThat(messages.get(0)).contains("lines 1..");
        }
    }

    @Test
    void anOverflowEpisodeIsReportedOnceWhenALineAfterTheGapIsAcknowledgedEvenAfterARestart() throws IOException {
        String line = "y".repeat(99) + "\n";
        long firstKept;
        try (SpoolSet set = open(16 * 1024)) {
            Spool spool = set.spool("j");
            for (int i = 0; i < 1000; i++) {
                write(spool, 1, line);
            }
            firstKept = spool.firstSeq();
            assertThat(set.takeOverflows()).as("not over while no coordinator took a line after the gap").isEmpty();
        }
        try (SpoolSet set = open(16 * 1024)) {
            Spool spool = set.spool("j");
            // An ack below the gap (a line sent before it): the episode goes on.
            set.ack("j", 0);
            assertThat(set.takeOverflows()).isEmpty();
            set.ack("j", firstKept + 5);
            assertThat(set.takeOverflows()).containsExactly(new SpoolOverflow("j", 1, firstKept - 1, firstKept - 1, 16 * 1024));
            assertThat(set.takeOverflows()).as("once").isEmpty();
            set.ack("j", firstKept + 50);
            assertThat(set.takeOverflows()).isEmpty();
            // A second episode starts from the oldest line not acknowledged.
            for (int i = 0; i < 1000; i++) {
                write(spool, 1, line);
            }
            long kept = spool.firstSeq();
            set.ack("j", spool.nextSeq() - 1);
            assertThat(set.takeOverflows()).singleElement().satisfies(o -> {
                assertThat(o.firstSeq()).isEqualTo(firstKept + 51);
                assertThat(o.lastSeq()).isEqualTo(kept - 1);
            });
        }
        assertThat(new SpoolOverflow("j", 10, 1243, 1234, 64L << 20).cause())
                .isEqualTo("spool full at 64 MiB: 1234 lines dropped (seq 10-1243)");
        assertThat(new SpoolOverflow("j", 7, 7, 1, 16 * 1024).cause()).isEqualTo("spool full at 16 KiB: 1 line dropped (seq 7)");
    }

    @Test
    void droppedLinesASessionSentCountAsLostOnlyIfItEndsWithoutAcknowledgingThem() throws IOException {
        String line = "y".repeat(99) + "\n";
        try (SpoolSet set = open(16 * 1024)) {
            Spool spool = set.spool("j");
            for (int i = 0; i < 100; i++) {
                write(spool, 1, line);
            }
            assertThat(spool.read(1, 50, 1 << 20)).hasSize(50);
            for (int i = 0; i < 1000; i++) {
                write(spool, 1, line);
            }
            long firstKept = spool.firstSeq();
            // The session that sent 1..50 acknowledges them and a line after the gap.
            set.ack("j", firstKept);
            assertThat(set.takeOverflows()).containsExactly(
                    new SpoolOverflow("j", 51, firstKept - 1, firstKept - 51, 16 * 1024));

            assertThat(spool.read(firstKept + 1, 50, 1 << 20)).hasSize(50);
            for (int i = 0; i < 1000; i++) {
                write(spool, 1, line);
            }
            long kept = spool.firstSeq();
            // That session ended before acknowledging them: the next one cannot send them any more.
            set.rewind();
            set.ack("j", kept);
            assertThat(set.takeOverflows()).containsExactly(
                    new SpoolOverflow("j", firstKept + 1, kept - 1, kept - firstKept - 1, 16 * 1024));
        }
    }

    @Test
    void theRecordsOnDiskAreLogLinesWithoutTheirJob() throws IOException {
        try (SpoolSet set = open(1 << 20)) {
            Spool spool = set.spool("j");
            byte[] b = "out\n\nerr\n".getBytes(StandardCharsets.UTF_8);
            spool.append(b, 0, 4, 3, 1_700_000_000_123L);
            spool.append(b, 4, 1, 0, 0);
            spool.append(b, 5, 4, 3, 1_700_000_000_124L, true);
        }
        List<LogLine> expected = List.of(
                LogLine.newBuilder().setRun(3).setSeq(1).setUnixMs(1_700_000_000_123L)
                        .setLine(com.google.protobuf.ByteString.copyFromUtf8("out")).build(),
                LogLine.newBuilder().setSeq(2).build(),
                LogLine.newBuilder().setRun(3).setSeq(3).setUnixMs(1_700_000_000_124L).setStderr(true)
                        .setLine(com.google.protobuf.ByteString.copyFromUtf8("err")).build());
        java.io.ByteArrayOutputStream asLogLines = new java.io.ByteArrayOutputStream();
        for (LogLine line : expected) {
            line.writeDelimitedTo(asLogLines);
        }
        assertThat(Files.readAllBytes(segments("j").get(0))).as("byte for byte what LogLine writes")
                .isEqualTo(asLogLines.toByteArray());
    }

    @Test
    void aSegmentAnOlderAgentWroteWithLogLineReadsBack() throws IOException {
        try (SpoolSet set = open(1 << 20)) {
            write(set.spool("j"), 1, "first\n");
        }
        // Records as LogLine itself writes them, with fields the spool does not keep (job, cut bytes).
        try (var out = Files.newOutputStream(segments("j").get(0), StandardOpenOption.APPEND)) {
            LogLine.newBuilder().setJobId("j").setRun(2).setSeq(2).setUnixMs(5).setCutBytes(7).setStderr(true)
                    .setLine(com.google.protobuf.ByteString.copyFromUtf8("second")).build().writeDelimitedTo(out);
            LogLine.newBuilder().setRun(2).setSeq(3).build().writeDelimitedTo(out);
        }
        try (SpoolSet set = open(1 << 20)) {
            Spool spool = set.spool("j");
            assertThat(spool.nextSeq()).isEqualTo(4);
            List<SpooledLine> lines = spool.read(1, 10, 1 << 20);
            assertThat(texts(lines)).containsExactly("first", "second", "");
            assertThat(lines.get(1)).extracting(SpooledLine::seq, SpooledLine::run, SpooledLine::unixMs,
                    SpooledLine::stderr).containsExactly(2L, 2, 5L, true);
        }
    }

    @Test
    void aTornLastRecordIsCutOffAndItsSeqNeverGivenAgain() throws IOException {
        try (SpoolSet set = open(1 << 20)) {
            write(set.spool("j"), 1, "a\nb\nc\n");
        }
        Path seg = segments("j").get(0);
        try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE)) {
            ch.truncate(Files.size(seg) - 1);
        }
        try (SpoolSet set = open(1 << 20)) {
            Spool spool = set.spool("j");
            assertThat(spool.nextSeq()).as("the saved next seq: 3 may have left already").isEqualTo(4);
            write(spool, 2, "c2\n");
            List<SpooledLine> lines = spool.read(1, 10, 1000);
            assertThat(texts(lines)).containsExactly("a", "b", "c2");
            assertThat(seqs(lines)).containsExactly(1L, 2L, 4L);
        }
    }

    @Test
    void aHugeLineIsSpooledInPiecesThatFitAMessage() throws IOException {
        try (SpoolSet set = open(64L << 20)) {
            Spool spool = set.spool("j");
            write(spool, 1, "z".repeat(Spool.MAX_PIECE * 2 + 10) + "\nend\n");
            List<SpooledLine> lines = new ArrayList<>();
            for (long from = 1; from < spool.nextSeq(); from = lines.get(lines.size() - 1).seq() + 1) {
                lines.addAll(spool.read(from, 512, 256 * 1024));
            }
            assertThat(lines).extracting(l -> l.text().length).containsExactly(Spool.MAX_PIECE, Spool.MAX_PIECE, 10, 3);
        }
    }

    @Test
    void aRetiredSpoolGoesWhenDrainedAndJobIdsNeverEscapeTheFolder() throws IOException {
        try (SpoolSet set = open(1 << 20)) {
            Spool spool = set.spool("../evil/job@h");
            write(spool, 1, "a\n");
            try (Stream<Path> s = Files.list(dir)) {
                assertThat(s.map(p -> p.getFileName().toString())).containsExactly("%..%2Fevil%2Fjob@h");
            }
            set.retire("../evil/job@h");
            assertThat(set.spools()).hasSize(1);
            set.ack("../evil/job@h", 1);
            assertThat(set.spools()).isEmpty();
            try (Stream<Path> s = Files.list(dir)) {
                assertThat(s).isEmpty();
            }
        }
    }
}
