package io.dmon.agent.monitor;

import static io.dmon.agent.monitor.Monitors.awaitState;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a real monitor writes to its store: records, cut lines, segments, bounds. */
class MonitorStoreTest {
    @TempDir
    Path tmp;
    private Monitors monitors;

    @BeforeEach
    void setUp() throws Exception {
        monitors = new Monitors(tmp);
    }

    @AfterEach
    void tearDown() {
        monitors.close();
    }

    @Test
    void linesKeepTheirRunAndStreamAndAPartialLastLineIsKept() throws Exception {
        MonitorSpec spec = monitors.shell("echo out1; echo err1 >&2; echo; printf 'no newline'");
        MonitorConnection c = monitors.run(spec);
        MonitorState s = awaitState(c, "drained", x -> x.run() != null && x.run().drained());
        assertThat(s.lastSeq()).isEqualTo(4);
        List<OutputStore.StoredLine> lines = Monitors.lines(spec.dir(), 1);
        assertThat(lines).extracting(l -> new String(l.line(), StandardCharsets.UTF_8))
                .containsExactlyInAnyOrder("out1", "err1", "", "no newline");
        assertThat(lines).filteredOn(OutputStore.StoredLine::stderr)
                .extracting(l -> new String(l.line(), StandardCharsets.UTF_8)).containsExactly("err1");
        assertThat(lines).allSatisfy(l -> {
            assertThat(l.run()).isEqualTo(1);
            assertThat(l.unixMs()).isBetween(s.run().startedMs() - 1000, System.currentTimeMillis());
        });
    }

    @Test
    void joinedStderrGoesWithStdout() throws Exception {
        MonitorSpec spec = monitors.shell("echo out; echo err >&2").withJoinedStderr(true);
        MonitorConnection c = monitors.run(spec);
        awaitState(c, "drained", x -> x.run() != null && x.run().drained());
        assertThat(Monitors.lines(spec.dir(), 1)).extracting(OutputStore.StoredLine::stderr).containsExactly(false, false);
        assertThat(Monitors.texts(spec.dir())).containsExactly("out", "err");
    }

    @Test
    void aLineLongerThan64KibIsCutAsTheAgentsSplitterCutsIt() throws Exception {
        MonitorSpec spec = monitors.shell("head -c 140000 /dev/zero | tr '\\0' x; echo; echo after");
        MonitorConnection c = monitors.run(spec);
        awaitState(c, "drained", x -> x.run() != null && x.run().drained());
        List<String> texts = Monitors.texts(spec.dir());
        String x64k = "x".repeat(65536);
        assertThat(texts).containsExactly(x64k + " [cut by dmon]", x64k + " [cut by dmon]", "x".repeat(140000 - 2 * 65536),
                "after");
    }

    @Test
    void consumedSegmentsGoAndTheRestReadsOn() throws Exception {
        MonitorSpec spec = monitors.shell("i=0; while [ $i -lt 1000 ]; do i=$((i+1)); echo line-$i; done")
                .withStore(1 << 20, 4096);
        MonitorConnection c = monitors.run(spec);
        awaitState(c, "drained", x -> x.run() != null && x.run().drained());
        long before = segments(spec.dir());
        assertThat(before).isGreaterThan(3);
        c.consumed(500);
        List<OutputStore.StoredLine> rest = Monitors.lines(spec.dir(), 501);
        assertThat(rest).extracting(OutputStore.StoredLine::seq)
                .containsExactlyElementsOf(LongStream.rangeClosed(501, 1000).boxed().toList());
        assertThat(segments(spec.dir())).isLessThan(before);
        // What is left starts at or below 501: nothing unconsumed went.
        assertThat(Monitors.lines(spec.dir(), 1).get(0).seq()).isBetween(2L, 501L);
        assertThat(c.state().dropped()).isZero();
    }

    @Test
    void aFullStoreWithoutAnAgentDropsItsOldestSegmentsAndCountsTheirLines() throws Exception {
        MonitorSpec spec = monitors.shell("i=0; while [ $i -lt 2000 ]; do i=$((i+1)); echo line-$i; done")
                .withStore(8192, 4096);
        monitors.run(spec).detach();
        Monitors.await("the run's output all stored", () -> lastStored(spec.dir()) == 2000);
        MonitorConnection c = monitors.attach(spec.dir());
        MonitorState s = awaitState(c, "drained", x -> x.run() != null && x.run().drained() && x.lastSeq() == 2000);
        List<OutputStore.StoredLine> kept = Monitors.lines(spec.dir(), 1);
        long first = kept.get(0).seq();
        assertThat(first).isGreaterThan(1);
        assertThat(kept).extracting(OutputStore.StoredLine::seq)
                .containsExactlyElementsOf(LongStream.rangeClosed(first, 2000).boxed().toList());
        assertThat(s.dropped()).isEqualTo(first - 1);
        assertThat(sizes(spec.dir())).isLessThanOrEqualTo(8192 + OutputStore.MAX_RECORD);
    }

    @Test
    void aFullStoreWithAnAgentAttachedHoldsTheJobBackUntilItTakesTheLines() throws Exception {
        MonitorSpec spec = monitors.shell("i=0; while [ $i -lt 2000 ]; do i=$((i+1)); echo line-$i; done")
                .withStore(8192, 4096);
        MonitorConnection c = monitors.run(spec);
        Monitors.await("the store full", () -> storeBytes(spec.dir()) > 4096);
        Thread.sleep(300);
        assertThat(c.state().run().drained()).as("held back, not drained").isFalse();
        assertThat(c.state().lastSeq()).isLessThan(2000);
        long next = 1;
        while (next <= 2000) {
            long from = next;
            awaitState(c, "more lines", x -> x.lastSeq() >= from);
            List<OutputStore.StoredLine> got = Monitors.lines(spec.dir(), from);
            assertThat(got).isNotEmpty();
            assertThat(got.get(0).seq()).as("nothing dropped").isEqualTo(from);
            next = got.get(got.size() - 1).seq() + 1;
            // Everything read from the store is stored: consume all of it. Consuming only up to the
            // last state event (which may lag the store) could free no whole segment, leave the full
            // store holding the job back, and wait for lines that cannot come.
            c.consumed(next - 1);
        }
        MonitorState s = awaitState(c, "drained", x -> x.run() != null && x.run().drained() && x.lastSeq() == 2000);
        assertThat(s.dropped()).isZero();
    }

    private static long storeBytes(Path dir) {
        try {
            return sizes(dir);
        } catch (IOException e) {
            return 0;
        }
    }

    private static long lastStored(Path dir) {
        try {
            List<OutputStore.StoredLine> lines = Monitors.lines(dir, 1);
            return lines.isEmpty() ? 0 : lines.get(lines.size() - 1).seq();
        } catch (IOException e) {
            return 0;
        }
    }

    private static long segments(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".out")).count();
        }
    }

    private static long sizes(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".out")).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
