package io.dmon.agent.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LineSplitterTest {
    private static final String TEXT = "alpha\n\nbeta gamma\n  \n\r\nlast line, no newline";
    private static final byte[] BYTES = TEXT.getBytes(StandardCharsets.UTF_8);

    @Test
    void twoChunksCutAtEveryPositionGiveTheSameLines() throws IOException {
        for (int cut = 0; cut <= BYTES.length; cut++) {
            CollectingSink sink = new CollectingSink();
            LineSplitter splitter = new LineSplitter(sink, 8);
            splitter.feed(BYTES, 0, cut);
            splitter.feed(BYTES, cut, BYTES.length - cut);
            splitter.finish();
            assertThat(sink.text()).as("cut at %d", cut).isEqualTo(TEXT + "\n");
            assertThat(sink.calls).as("cut at %d", cut).allSatisfy(call -> assertThat(call).endsWith("\n"));
        }
    }

    @Test
    void threeChunksCutAtEveryPairOfPositionsGiveTheSameLines() throws IOException {
        for (int a = 0; a <= BYTES.length; a++) {
            for (int b = a; b <= BYTES.length; b++) {
                CollectingSink sink = new CollectingSink();
                LineSplitter splitter = new LineSplitter(sink, 4);
                splitter.feed(BYTES, 0, a);
                splitter.feed(BYTES, a, b - a);
                splitter.feed(BYTES, b, BYTES.length - b);
                splitter.finish();
                assertThat(sink.text()).as("cuts at %d, %d", a, b).isEqualTo(TEXT + "\n");
            }
        }
    }

    @Test
    void readingIntoTheSplittersBufferAtEveryCutGivesTheSameLines() throws IOException {
        for (int cut = 0; cut <= BYTES.length; cut++) {
            CollectingSink sink = new CollectingSink();
            LineSplitter splitter = new LineSplitter(sink, 4);
            commit(splitter, 0, cut);
            commit(splitter, cut, BYTES.length);
            splitter.finish();
            assertThat(sink.text()).as("cut at %d", cut).isEqualTo(TEXT + "\n");
            assertThat(sink.calls).allSatisfy(call -> assertThat(call).endsWith("\n"));
        }
    }

    @Test
    void byteByByteStillGivesWholeLines() throws IOException {
        CollectingSink sink = new CollectingSink();
        LineSplitter splitter = new LineSplitter(sink, 2);
        for (int i = 0; i < BYTES.length; i++) {
            splitter.feed(BYTES, i, 1);
        }
        splitter.finish();
        assertThat(sink.calls).containsExactly("alpha\n", "\n", "beta gamma\n", "  \n", "\r\n", "last line, no newline\n");
    }

    @Test
    void wholeLinesWithNothingPendingAreHandedOverFromTheCallersArrayInOneCall() throws IOException {
        CollectingSink sink = new CollectingSink();
        LineSplitter splitter = new LineSplitter(sink);
        byte[] chunk = "one\ntwo\nthree\npart".getBytes(StandardCharsets.UTF_8);
        splitter.feed(chunk, 0, chunk.length);
        assertThat(sink.calls).containsExactly("one\ntwo\nthree\n");
        assertThat(sink.arrays.get(0)).isSameAs(chunk);
        assertThat(splitter.pending()).isEqualTo(4);
    }

    @Test
    void aPendingTailAndTheNextChunkGoOutInOneCall() throws IOException {
        CollectingSink sink = new CollectingSink();
        LineSplitter splitter = new LineSplitter(sink);
        byte[] first = "par".getBytes(StandardCharsets.UTF_8);
        byte[] second = "tial\nnext\nmore".getBytes(StandardCharsets.UTF_8);
        splitter.feed(first, 0, first.length);
        splitter.feed(second, 0, second.length);
        assertThat(sink.calls).containsExactly("partial\nnext\n");
        assertThat(splitter.pending()).isEqualTo(4);
    }

    @Test
    void aLineLongerThanTheBufferGrowsItAndNothingIsCut() throws IOException {
        CollectingSink sink = new CollectingSink();
        LineSplitter splitter = new LineSplitter(sink, 16);
        String longLine = "x".repeat(100_000);
        byte[] data = (longLine + "\nshort\n").getBytes(StandardCharsets.US_ASCII);
        for (int off = 0; off < data.length; off += 1000) {
            splitter.feed(data, off, Math.min(1000, data.length - off));
        }
        splitter.finish();
        assertThat(sink.text()).isEqualTo(longLine + "\nshort\n");
    }

    @Test
    void finishWithNothingPendingCallsNothing() throws IOException {
        CollectingSink sink = new CollectingSink();
        LineSplitter splitter = new LineSplitter(sink);
        byte[] data = "a\n".getBytes(StandardCharsets.US_ASCII);
        splitter.feed(data, 0, data.length);
        splitter.finish();
        assertThat(sink.calls).containsExactly("a\n");
    }

    @Test
    void aBoundedSplitterCutsALongLineIntoMarkedPiecesAndKeepsItsBuffer() throws IOException {
        CollectingSink sink = new CollectingSink();
        LineSplitter splitter = LineSplitter.bounded(sink, 10);
        byte[] data = ("x".repeat(25) + "\nshort\n" + "y".repeat(10) + "\n" + "z".repeat(11)).getBytes(StandardCharsets.US_ASCII);
        int bufferSize = splitter.buffer().length;
        int off = 0;
        while (off < data.length) {
            int n = Math.min(splitter.readable(), Math.min(7, data.length - off));
            System.arraycopy(data, off, splitter.buffer(), splitter.position(), n);
            splitter.commit(n);
            off += n;
        }
        splitter.finish();
        String mark = new String(LineSplitter.CUT_MARK, StandardCharsets.US_ASCII);
        assertThat(sink.text()).isEqualTo("x".repeat(10) + mark + "\n" + "x".repeat(10) + mark + "\n" + "xxxxx\nshort\n"
                + "y".repeat(10) + "\n" + "z".repeat(10) + mark + "\nz\n");
        assertThat(splitter.cuts()).isEqualTo(3);
        assertThat(splitter.buffer().length).isEqualTo(bufferSize);
    }

    @Test
    void aBoundedSplitterRefusesMoreThanItSaidItCouldTake() {
        LineSplitter splitter = LineSplitter.bounded(new CollectingSink(), 10);
        assertThatThrownBy(() -> splitter.commit(12)).isInstanceOf(IllegalArgumentException.class);
    }

    private static void commit(LineSplitter splitter, int from, int to) throws IOException {
        int n = to - from;
        splitter.reserve(n);
        System.arraycopy(BYTES, from, splitter.buffer(), splitter.position(), n);
        splitter.commit(n);
    }
}
