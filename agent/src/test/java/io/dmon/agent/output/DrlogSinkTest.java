package io.dmon.agent.output;

import static io.dmon.agent.output.TestFiles.accept;
import static io.dmon.agent.output.TestFiles.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DrlogSinkTest {
    /** 2026-11-23T19:27:30Z. */
    private static final Instant T0 = Instant.ofEpochSecond(1_795_462_050L);

    @TempDir
    Path root;

    private Path dir() {
        return root.resolve("logs");
    }

    private DrlogSink sink(long maxSize, long maxTime, int maxFiles, boolean timestamp, boolean buffered,
                           MutableClock clock) {
        return new DrlogSink(new DrlogOptions(dir(), maxSize, maxTime, maxFiles, timestamp, false, buffered), clock);
    }

    private List<String> rotatedNames() throws IOException {
        try (Stream<Path> files = Files.list(dir())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("log-")).sorted()
                    .collect(Collectors.toList());
        }
    }

    /** Rotated files oldest first, then current: everything drlog kept, in order. */
    private String everything() throws IOException {
        StringBuilder all = new StringBuilder();
        for (String name : rotatedNames()) {
            all.append(read(dir().resolve(name)));
        }
        Path current = dir().resolve("current");
        if (Files.exists(current)) {
            all.append(read(current));
        }
        return all.toString();
    }

    private static String lines(int from, int to) {
        StringBuilder b = new StringBuilder();
        for (int i = from; i < to; i++) {
            b.append(String.format("line-%04d\n", i));
        }
        return b.toString();
    }

    @Test
    void createsTheMissingDirectoryCurrentAndTimestampWithTheirModes() throws IOException {
        try (DrlogSink sink = sink(1000, 3600, 10, false, false, new MutableClock(T0))) {
            assertThat(dir()).doesNotExist();
            accept(sink, "hello\n");
        }
        assertThat(read(dir().resolve("current"))).isEqualTo("hello\n");
        assertThat(read(dir().resolve(".timestamp"))).isEqualTo(T0.getEpochSecond() + "\n");
        assertThat(TestFiles.mode(dir())).isEqualTo(TestFiles.underUmask(root, "rwxr-x---", true));
        assertThat(TestFiles.mode(dir().resolve("current"))).isEqualTo(TestFiles.underUmask(root, "rw-r-----", false));
        assertThat(TestFiles.mode(dir().resolve(".timestamp"))).isEqualTo(TestFiles.underUmask(root, "rw-r-----", false));
    }

    @Test
    void aMissingParentIsAnError() {
        Path deep = root.resolve("no/such/logs");
        DrlogSink sink = new DrlogSink(DrlogOptions.defaults(deep), new MutableClock(T0));
        assertThatThrownBy(() -> accept(sink, "x\n")).isInstanceOf(IOException.class)
                .hasMessageContaining("cannot create log directory '" + deep + "'");
    }

    @Test
    void rotatesBeforeTheFirstLineThatFindsCurrentAtTheSize() throws IOException {
        MutableClock clock = new MutableClock(T0);
        try (DrlogSink sink = sink(100, 3600, 10, false, false, clock)) {
            accept(sink, lines(0, 10)); // exactly 100 bytes: no rotation yet
            assertThat(rotatedNames()).isEmpty();
            clock.advance(Duration.ofSeconds(1));
            accept(sink, lines(10, 25));
        }
        assertThat(rotatedNames()).containsExactly("log-2026-11-23-19:27:31", "log-2026-11-23-19:27:31.000001");
        assertThat(read(dir().resolve("log-2026-11-23-19:27:31"))).isEqualTo(lines(0, 10));
        assertThat(read(dir().resolve("log-2026-11-23-19:27:31.000001"))).isEqualTo(lines(10, 20));
        assertThat(read(dir().resolve("current"))).isEqualTo(lines(20, 25));
    }

    @Test
    void rotatesWhenThePeriodIsOverAlignedToMultiplesOfTheTime() throws IOException {
        long period = 60;
        long start = 1_795_462_020L; // a multiple of 60
        MutableClock clock = new MutableClock(Instant.ofEpochSecond(start + 10));
        try (DrlogSink sink = sink(1_000_000, period, 10, false, false, clock)) {
            accept(sink, "first\n");
            clock.set(Instant.ofEpochSecond(start + period)); // period end: not over yet
            accept(sink, "second\n");
            assertThat(rotatedNames()).isEmpty();
            clock.set(Instant.ofEpochSecond(start + period + 1));
            accept(sink, "third\n");
        }
        assertThat(rotatedNames()).containsExactly("log-2026-11-23-19:28:01");
        assertThat(read(dir().resolve("log-2026-11-23-19:28:01"))).isEqualTo("first\nsecond\n");
        assertThat(read(dir().resolve("current"))).isEqualTo("third\n");
        assertThat(read(dir().resolve(".timestamp"))).isEqualTo((start + period + 1) + "\n");
    }

    @Test
    void theTimestampFileCarriesThePeriodAcrossRestarts() throws IOException {
        Files.createDirectory(dir());
        Files.writeString(dir().resolve("current"), "from last week\n");
        Files.writeString(dir().resolve(".timestamp"), (T0.getEpochSecond() - 7 * 86_400) + "\n");
        try (DrlogSink sink = sink(1_000_000, 86_400, 10, false, false, new MutableClock(T0))) {
            accept(sink, "today\n");
        }
        assertThat(rotatedNames()).containsExactly("log-2026-11-23-19:27:30");
        assertThat(read(dir().resolve("log-2026-11-23-19:27:30"))).isEqualTo("from last week\n");
        assertThat(read(dir().resolve("current"))).isEqualTo("today\n");
    }

    @Test
    void anEmptyCurrentStartsANewPeriodInsteadOfRotatingAtOnce() throws IOException {
        Files.createDirectory(dir());
        Files.writeString(dir().resolve(".timestamp"), (T0.getEpochSecond() - 7 * 86_400) + "\n");
        try (DrlogSink sink = sink(1_000_000, 86_400, 10, false, false, new MutableClock(T0))) {
            accept(sink, "first\n");
        }
        assertThat(rotatedNames()).isEmpty();
        assertThat(read(dir().resolve(".timestamp"))).isEqualTo(T0.getEpochSecond() + "\n");
    }

    @Test
    void anUnreadableTimestampFileIsRewritten() throws IOException {
        Files.createDirectory(dir());
        Files.writeString(dir().resolve("current"), "old\n");
        Files.writeString(dir().resolve(".timestamp"), "garbage\n");
        try (DrlogSink sink = sink(1_000_000, 86_400, 10, false, false, new MutableClock(T0))) {
            accept(sink, "x\n");
        }
        assertThat(read(dir().resolve(".timestamp"))).isEqualTo(T0.getEpochSecond() + "\n");
        assertThat(rotatedNames()).isEmpty();
    }

    @Test
    void keepsAtMostMaxFilesDeletingTheOldest() throws IOException {
        MutableClock clock = new MutableClock(T0);
        try (DrlogSink sink = sink(10, 3600, 3, false, true, clock)) {
            for (int i = 0; i < 8; i++) {
                accept(sink, lines(i, i + 1));
                clock.advance(Duration.ofSeconds(1));
            }
        }
        // Rotations at :31 .. :37 (before lines 1..7); the three newest stay.
        assertThat(rotatedNames()).containsExactly(
                "log-2026-11-23-19:27:35", "log-2026-11-23-19:27:36", "log-2026-11-23-19:27:37");
        assertThat(everything()).isEqualTo(lines(4, 8));
    }

    @Test
    void manyRotationsWithinOneSecondLoseNoLineAndSortInOrder() throws IOException {
        String input = lines(0, 2000);
        try (DrlogSink sink = sink(1, 3600, 100_000, false, true, new MutableClock(T0))) {
            accept(sink, input);
        }
        List<String> names = rotatedNames();
        assertThat(names).hasSize(1999);
        assertThat(names.get(0)).isEqualTo("log-2026-11-23-19:27:30");
        assertThat(names.get(1)).isEqualTo("log-2026-11-23-19:27:30.000001");
        assertThat(names.get(1998)).isEqualTo("log-2026-11-23-19:27:30.001998");
        assertThat(everything()).isEqualTo(input);
    }

    @Test
    void manyDurableRotationsAcrossCallsLoseNoLine() throws IOException {
        MutableClock clock = new MutableClock(T0);
        try (DrlogSink sink = sink(25, 3600, 1000, true, false, clock)) {
            for (int i = 0; i < 60; i++) {
                accept(sink, lines(i, i + 1));
                if (i % 20 == 19) {
                    clock.advance(Duration.ofMillis(600));
                }
            }
        }
        String kept = everything().replaceAll("(?m)^\\d{4}-\\d\\d-\\d\\d/\\d\\d:\\d\\d:\\d\\d ", "");
        assertThat(kept).isEqualTo(lines(0, 60));
        assertThat(rotatedNames()).isSortedAccordingTo(String::compareTo).hasSize(59);
    }

    @Test
    void aNewSinkContinuesTheSuffixesFoundOnDisk() throws IOException {
        Files.createDirectory(dir());
        Files.writeString(dir().resolve("log-2026-11-23-19:27:30"), "a\n");
        Files.writeString(dir().resolve("log-2026-11-23-19:27:30.000004"), "b\n");
        Files.writeString(dir().resolve("current"), "c\n");
        try (DrlogSink sink = sink(1, 3600, 10, false, false, new MutableClock(T0))) {
            accept(sink, "d\n");
        }
        assertThat(rotatedNames()).containsExactly("log-2026-11-23-19:27:30", "log-2026-11-23-19:27:30.000004",
                "log-2026-11-23-19:27:30.000005");
        assertThat(everything()).isEqualTo("a\nb\nc\nd\n");
    }

    @Test
    void zeroSizeOrTimeTurnsRotationOff() throws IOException {
        try (DrlogSink sink = sink(0, 3600, 10, false, false, new MutableClock(T0))) {
            accept(sink, lines(0, 50));
        }
        assertThat(rotatedNames()).isEmpty();
        assertThat(read(dir().resolve("current"))).isEqualTo(lines(0, 50));
    }

    @Test
    void timestampAndSkipEmpty() throws IOException {
        DrlogOptions options = new DrlogOptions(dir(), 1000, 3600, 10, true, true, false);
        try (DrlogSink sink = new DrlogSink(options, new MutableClock(T0))) {
            accept(sink, "a\n\n b\n");
        }
        assertThat(read(dir().resolve("current"))).isEqualTo("2026-11-23/19:27:30 a\n2026-11-23/19:27:30  b\n");
    }

    @Test
    void reopenAfterRenameStartsANewCurrent() throws IOException {
        try (DrlogSink sink = sink(1_000_000, 3600, 10, false, false, new MutableClock(T0))) {
            accept(sink, "before\n");
            Files.move(dir().resolve("current"), root.resolve("moved"));
            sink.reopen();
            accept(sink, "after\n");
        }
        assertThat(read(root.resolve("moved"))).isEqualTo("before\n");
        assertThat(read(dir().resolve("current"))).isEqualTo("after\n");
    }

    @Test
    void durableAndBufferedWriteTheSameFiles() throws IOException {
        String input = lines(0, 300);
        Path durableDir = root.resolve("d");
        Path bufferedDir = root.resolve("b");
        try (DrlogSink d = new DrlogSink(new DrlogOptions(durableDir, 500, 3600, 100, true, false, false),
                new MutableClock(T0));
             DrlogSink b = new DrlogSink(new DrlogOptions(bufferedDir, 500, 3600, 100, true, false, true),
                new MutableClock(T0))) {
            for (int i = 0; i < 300; i += 30) {
                accept(d, lines(i, i + 30));
                accept(b, lines(i, i + 30));
            }
        }
        try (Stream<Path> files = Files.list(durableDir)) {
            for (Path f : files.collect(Collectors.toList())) {
                assertThat(Files.readAllBytes(bufferedDir.resolve(f.getFileName()))).isEqualTo(Files.readAllBytes(f));
            }
        }
        assertThat(input).isNotEmpty();
    }
}
