package io.dmon.agent.output;

import static io.dmon.agent.output.TestFiles.accept;
import static io.dmon.agent.output.TestFiles.read;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DlogSinkTest {
    private static final Instant T0 = Instant.parse("2026-11-23T19:27:30.250Z");

    @TempDir
    Path dir;

    private DlogSink sink(Path file, boolean timestamp, String prefix, boolean skipEmpty, boolean buffered) {
        return new DlogSink(new DlogOptions(file, timestamp, prefix, skipEmpty, buffered), new MutableClock(T0));
    }

    @Test
    void appendsLinesUntouchedAndOpensTheFileOnlyOnTheFirstLine() throws IOException {
        Path file = dir.resolve("out.log");
        try (DlogSink sink = sink(file, false, null, false, false)) {
            assertThat(file).doesNotExist();
            accept(sink, "one\n\ntwo  \n");
            accept(sink, "three\n");
        }
        assertThat(read(file)).isEqualTo("one\n\ntwo  \nthree\n");
    }

    @Test
    void appendsToAnExistingFile() throws IOException {
        Path file = dir.resolve("out.log");
        Files.writeString(file, "old\n");
        try (DlogSink sink = sink(file, false, null, false, true)) {
            accept(sink, "new\n");
        }
        assertThat(read(file)).isEqualTo("old\nnew\n");
    }

    @Test
    void createsTheFileWithMode0666NarrowedByTheUmask() throws IOException {
        Path file = dir.resolve("out.log");
        try (DlogSink sink = sink(file, false, null, false, false)) {
            accept(sink, "x\n");
        }
        assertThat(TestFiles.mode(file)).isEqualTo(TestFiles.underUmask(dir, "rw-rw-rw-", false));
    }

    @Test
    void timestampIsUtcToTheSecondFollowedByASpace() throws IOException {
        Path file = dir.resolve("out.log");
        try (DlogSink sink = sink(file, true, null, false, false)) {
            accept(sink, "hello\n\n");
        }
        assertThat(read(file)).isEqualTo("2026-11-23/19:27:30 hello\n2026-11-23/19:27:30 \n");
    }

    @Test
    void timestampFollowsTheClockBetweenCalls() throws IOException {
        Path file = dir.resolve("out.log");
        MutableClock clock = new MutableClock(T0);
        try (DlogSink sink = new DlogSink(new DlogOptions(file, true, null, false, true), clock)) {
            accept(sink, "a\n");
            clock.advance(Duration.ofMillis(700));
            accept(sink, "b\n");
            clock.set(Instant.parse("2027-01-02T03:04:05Z"));
            accept(sink, "c\n");
        }
        assertThat(read(file)).isEqualTo(
                "2026-11-23/19:27:30 a\n2026-11-23/19:27:30 b\n2027-01-02/03:04:05 c\n");
    }

    @Test
    void prefixComesAfterTheTimestampEachFollowedByASpace() throws IOException {
        Path file = dir.resolve("out.log");
        try (DlogSink sink = sink(file, true, "web[1]", false, false)) {
            accept(sink, "up\n");
        }
        try (DlogSink sink = sink(file, false, "web[1]", false, false)) {
            accept(sink, "down\n");
        }
        assertThat(read(file)).isEqualTo("2026-11-23/19:27:30 web[1] up\nweb[1] down\n");
    }

    @Test
    void skipEmptyDropsOnlyLinesWithNoCharacters() throws IOException {
        Path file = dir.resolve("out.log");
        try (DlogSink sink = sink(file, false, null, true, false)) {
            accept(sink, "a\n\n\n   \n\r\nb\n\n");
        }
        assertThat(read(file)).isEqualTo("a\n   \n\r\nb\n");
    }

    @Test
    void skipEmptyWithOnlyEmptyLinesCreatesNoFile() throws IOException {
        Path file = dir.resolve("out.log");
        try (DlogSink sink = sink(file, false, null, true, false)) {
            accept(sink, "\n\n");
        }
        assertThat(file).doesNotExist();
    }

    @Test
    void durableAndBufferedWriteTheSameBytes() throws IOException {
        StringBuilder text = new StringBuilder();
        Random random = new Random(42);
        for (int i = 0; i < 5000; i++) {
            text.append("line ").append(i).append(' ').append("x".repeat(random.nextInt(200))).append('\n');
            if (random.nextInt(10) == 0) {
                text.append('\n');
            }
        }
        byte[] data = TestFiles.bytes(text.toString());
        for (String prefix : new String[] {null, "p"}) {
            for (boolean timestamp : new boolean[] {false, true}) {
                Path durable = dir.resolve("durable-" + prefix + timestamp);
                Path buffered = dir.resolve("buffered-" + prefix + timestamp);
                try (DlogSink d = sink(durable, timestamp, prefix, true, false);
                     DlogSink b = sink(buffered, timestamp, prefix, true, true)) {
                    for (int off = 0, n; off < data.length; off += n) {
                        n = Math.min(data.length - off, 70_000);
                        while (off + n < data.length && data[off + n - 1] != '\n') {
                            n++;
                        }
                        d.accept(data, off, n);
                        b.accept(data, off, n);
                    }
                }
                assertThat(Files.readAllBytes(durable)).isEqualTo(Files.readAllBytes(buffered));
                assertThat(Files.size(durable)).isGreaterThan(data.length / 2);
            }
        }
    }

    @Test
    void aLineBiggerThanTheBatchBufferIsWrittenWhole() throws IOException {
        Path file = dir.resolve("out.log");
        String big = "y".repeat(LineBatch.DEFAULT_CAPACITY + 10);
        try (DlogSink sink = sink(file, false, "p", false, false)) {
            accept(sink, "a\n" + big + "\nb\n");
        }
        assertThat(read(file)).isEqualTo("p a\np " + big + "\np b\n");
    }

    @Test
    void reopenAfterRenameWritesTheNextLinesToANewFileOfTheOriginalName() throws IOException {
        Path file = dir.resolve("out.log");
        Path rotated = dir.resolve("out.log.1");
        try (DlogSink sink = sink(file, false, null, false, false)) {
            accept(sink, "before\n");
            Files.move(file, rotated);
            accept(sink, "still old file\n");
            sink.reopen();
            assertThat(file).doesNotExist();
            accept(sink, "after\n");
        }
        assertThat(read(rotated)).isEqualTo("before\nstill old file\n");
        assertThat(read(file)).isEqualTo("after\n");
    }

    @Test
    void aLastLineWithoutNewlineGetsOne() throws IOException {
        Path file = dir.resolve("out.log");
        try (DlogSink sink = sink(file, false, null, false, false)) {
            accept(sink, "a\nno newline");
        }
        assertThat(read(file)).isEqualTo("a\nno newline\n");
    }

    @Test
    void aFileThatCannotBeOpenedFailsWithItsNameAndTheReason() {
        Path file = dir.resolve("missing-dir/out.log");
        DlogSink sink = sink(file, false, null, false, false);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> accept(sink, "x\n"))
                .isInstanceOf(IOException.class)
                .hasMessage("cannot open '" + file + "': No such file or directory");
    }
}
