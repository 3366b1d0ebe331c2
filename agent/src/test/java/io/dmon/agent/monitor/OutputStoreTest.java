package io.dmon.agent.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's reader on segments written as a monitor writes them (format in the package notes). */
class OutputStoreTest {
    @TempDir
    Path dir;

    private void append(long first, String records) throws IOException {
        Files.writeString(dir.resolve(String.format("%020d.out", first)), records, StandardCharsets.ISO_8859_1,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static String records(long from, long to) {
        StringBuilder b = new StringBuilder();
        for (long s = from; s <= to; s++) {
            b.append(s).append(" 1700000000").append(String.format("%03d", s % 1000)).append(" 2 ")
                    .append(s % 2 == 0 ? 'e' : 'o').append(" line ").append(s).append('\n');
        }
        return b.toString();
    }

    private static List<Long> seqs(OutputStore.Batch b) {
        return b.lines().stream().map(OutputStore.StoredLine::seq).toList();
    }

    @Test
    void readsAcrossSegmentsAndResumesWhereItStopped() throws Exception {
        append(1, records(1, 5));
        append(6, records(6, 9));
        OutputStore store = new OutputStore(dir);
        OutputStore.Batch a = store.read(1, 3, 1 << 20);
        assertThat(seqs(a)).containsExactly(1L, 2L, 3L);
        OutputStore.StoredLine first = a.lines().get(0);
        assertThat(new String(first.line(), StandardCharsets.UTF_8)).isEqualTo("line 1");
        assertThat(first.run()).isEqualTo(2);
        assertThat(first.unixMs()).isEqualTo(1700000000001L);
        assertThat(first.stderr()).isFalse();
        assertThat(a.lines().get(1).stderr()).isTrue();
        OutputStore.Batch b = store.read(a.nextSeq(), 100, 1 << 20);
        assertThat(seqs(b)).containsExactly(4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(b.nextSeq()).isEqualTo(10);
        assertThat(store.read(10, 100, 1 << 20).lines()).isEmpty();

        append(6, records(10, 11));
        assertThat(seqs(store.read(10, 100, 1 << 20))).containsExactly(10L, 11L);
        // Any seq, not only where the last read ended.
        assertThat(seqs(new OutputStore(dir).read(7, 2, 1 << 20))).containsExactly(7L, 8L);
        assertThat(seqs(store.read(3, 2, 1 << 20))).containsExactly(3L, 4L);
    }

    @Test
    void aRecordStillBeingWrittenWaitsForItsNewline() throws Exception {
        append(1, records(1, 2) + "3 1700000000003 2 o li");
        OutputStore store = new OutputStore(dir);
        OutputStore.Batch a = store.read(1, 100, 1 << 20);
        assertThat(seqs(a)).containsExactly(1L, 2L);
        append(1, "ne 3\n");
        OutputStore.Batch b = store.read(a.nextSeq(), 100, 1 << 20);
        assertThat(seqs(b)).containsExactly(3L);
        assertThat(new String(b.lines().get(0).line(), StandardCharsets.UTF_8)).isEqualTo("line 3");
    }

    @Test
    void linesGoneBeforeTheReadShowAsAGapAndTheReadGoesOn() throws Exception {
        append(1, records(1, 4));
        append(5, records(5, 8));
        append(9, records(9, 9));
        OutputStore store = new OutputStore(dir);
        assertThat(seqs(store.read(1, 2, 1 << 20))).containsExactly(1L, 2L);
        Files.delete(dir.resolve(String.format("%020d.out", 1)));
        Files.delete(dir.resolve(String.format("%020d.out", 5)));
        OutputStore.Batch b = store.read(3, 100, 1 << 20);
        assertThat(seqs(b)).containsExactly(9L);
        assertThat(b.nextSeq()).isEqualTo(10);
    }

    @Test
    void theByteBoundStopsAfterTheLineThatReachesIt() throws Exception {
        append(1, records(1, 9));
        OutputStore.Batch b = new OutputStore(dir).read(1, 100, 10);
        assertThat(seqs(b)).containsExactly(1L, 2L);
        assertThat(seqs(new OutputStore(dir).read(1, 100, 0))).containsExactly(1L);
    }

    @Test
    void somethingThatIsNotARecordIsAnErrorNamingTheFileAndTheByte() throws Exception {
        append(1, records(1, 2) + "3 17 2 x bad stream\n");
        Path file = dir.resolve(String.format("%020d.out", 1));
        long at = records(1, 2).length();
        assertThatThrownBy(() -> new OutputStore(dir).read(1, 100, 1 << 20)).isInstanceOf(IOException.class)
                .hasMessage(file + ": not a record at byte " + at);
    }

    @Test
    void aRecordOutOfSequenceIsAnError() throws Exception {
        append(1, records(1, 2) + records(4, 4));
        Path file = dir.resolve(String.format("%020d.out", 1));
        assertThatThrownBy(() -> new OutputStore(dir).read(1, 100, 1 << 20)).isInstanceOf(IOException.class)
                .hasMessage(file + ": record 4 at byte " + records(1, 2).length() + " where 3 was due");
    }

    @Test
    void aRunawayRecordIsAnErrorNotAnAllocation() throws Exception {
        append(1, "1 17 2 o " + "y".repeat(OutputStore.MAX_RECORD + 10));
        assertThatThrownBy(() -> new OutputStore(dir).read(1, 100, 1 << 20)).isInstanceOf(IOException.class)
                .hasMessageContaining("no record ends within");
    }

    @Test
    void anEmptyOrMissingStoreHasNoLines() throws Exception {
        OutputStore.Batch b = new OutputStore(dir).read(1, 100, 1 << 20);
        assertThat(b.lines()).isEmpty();
        assertThat(b.nextSeq()).isEqualTo(1);
    }
}
