package io.dmon.agent.spool;

import io.dmon.agent.state.OwnerOnly;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One job's spool: its output lines as records in segment files, from the first line not
 * yet acknowledged to the last line written (format in the package notes). Bounded: past
 * {@code maxBytes} the oldest segment goes, acknowledged or not; the loss is said on the agent's
 * diagnostics once per segment, and once per overflow episode to the coordinators
 * ({@link #takeFinishedOverflow()}, reported as a SPOOL_OVERFLOW event).
 *
 * <p>Acknowledged lines are kept as the host's record of the job's output, within the
 * {@link Retention}: the oldest acknowledged segments go once the spool holds more than its
 * bytes, or once their last line is older than its age, and always before an unacknowledged line
 * is dropped. {@link #readRange} serves them to a coordinator asking for lines its ring lost.
 *
 * <p>Thread-safe: the job's pumps append, the link reads and acknowledges. Every method works on
 * the local disk only, never waits for anything else.
 */
public final class Spool {
    /** Longer lines are spooled in pieces of this size: each goes as a LogLine that must fit in a gRPC message. */
    static final int MAX_PIECE = 1 << 20;

    private final String jobId;
    private final Path dir;
    private final long maxBytes;
    private final long segmentBytes;
    private final Consumer<String> diagnostics;
    private Retention retention = Retention.NONE;
    /** Oldest first; contiguous: each segment's lines end where the next one's begin. */
    private final List<Segment> segments = new ArrayList<>();
    private long nextSeq = 1;
    private long acked;
    private long bytes;
    private long dropped;
    /**
     * The overflow episode going on: the span of seqs dropped (never sent) since a line after them
     * was acknowledged, and how many (0: none).
     */
    private long droppedFirst;
    private long droppedLast;
    private long droppedLines;
    /**
     * Dropped lines that had been sent already in this session (0: none): not lost if the
     * session acknowledges them, lost if it ends first.
     */
    private long inflightFirst;
    private long inflightLast;
    /** The highest seq handed to the link in this session. */
    private long sentUpTo;
    private SpoolOverflow finishedOverflow;
    private boolean created;
    /** The creation time of the job whose lines these are (0: not known), see {@link #incarnation()}. */
    private long incarnation;
    private Segment.Writer writer;
    private Cursor cursor;

    private Spool(String jobId, Path dir, long maxBytes, Consumer<String> diagnostics) {
        this.jobId = jobId;
        this.dir = dir;
        this.maxBytes = maxBytes;
        // Sixteen segments per spool: dropping or deleting one frees a sixteenth at a time.
        this.segmentBytes = Math.max(4096, Math.min(4L << 20, maxBytes / 16));
        this.diagnostics = diagnostics;
    }

    /** A spool for a job that has none on disk yet; its folder appears with its first line. */
    static Spool create(String jobId, Path dir, long maxBytes, Consumer<String> diagnostics) {
        return new Spool(jobId, dir, maxBytes, diagnostics);
    }

    /** The spool in {@code dir}, as a previous agent left it; a torn last record is cut off. */
    static Spool open(Path dir, long maxBytes, Consumer<String> diagnostics) throws IOException {
        CursorFile cursorFile = CursorFile.read(dir);
        Spool spool = new Spool(cursorFile.jobId(), dir, maxBytes, diagnostics);
        spool.created = true;
        spool.acked = cursorFile.acked();
        spool.nextSeq = Math.max(cursorFile.acked() + 1, cursorFile.next());
        spool.droppedFirst = cursorFile.droppedFirst();
        spool.droppedLast = cursorFile.droppedLast();
        spool.droppedLines = cursorFile.droppedLines();
        spool.incarnation = cursorFile.incarnation();
        spool.sentUpTo = spool.acked;
        spool.load();
        return spool;
    }

    private void load() throws IOException {
        List<Long> firsts = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + Segment.SUFFIX)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                firsts.add(Long.parseLong(name.substring(0, name.length() - Segment.SUFFIX.length())));
            }
        } catch (NumberFormatException e) {
            throw new IOException(dir + ": a segment with a bad name: " + e.getMessage());
        }
        firsts.sort(null);
        for (long first : firsts) {
            Path file = Segment.file(dir, first);
            segments.add(new Segment(first, file, Files.size(file)));
        }
        if (!segments.isEmpty()) {
            nextSeq = Math.max(nextSeq, segments.get(segments.size() - 1).scanAndRepair() + 1);
        }
        bytes = segments.stream().mapToLong(x -> x.bytes).sum();
        retire();
    }

    /** Keeps acknowledged lines within {@code retention} from now on. */
    synchronized void retain(Retention retention) {
        this.retention = retention;
        retire();
    }

    public String jobId() {
        return jobId;
    }

    /**
     * The coordinator's creation time of the job whose lines these are, 0 when not known (a
     * spool of an agent older than it): sent with every line and compared with every
     * acknowledgement, so that lines of a removed job and of a new job of the same id are never
     * taken for one another.
     */
    public synchronized long incarnation() {
        return incarnation;
    }

    /** Names the job's creation time once it is known (a spool made before it was, or by an older agent). */
    synchronized void incarnation(long created) throws IOException {
        if (incarnation == created) {
            return;
        }
        incarnation = created;
        if (this.created) {
            writeCursor();
        }
    }

    /** The seq the next line gets. */
    public synchronized long nextSeq() {
        return nextSeq;
    }

    /** The highest acknowledged seq, 0 before any. */
    public synchronized long acked() {
        return acked;
    }

    /** The first seq still on disk (lines before it were acknowledged or dropped); {@link #nextSeq()} when empty. */
    public synchronized long firstSeq() {
        return segments.isEmpty() ? nextSeq : Math.max(segments.get(0).firstSeq, acked + 1);
    }

    /** Bytes on disk. */
    public synchronized long bytes() {
        return bytes;
    }

    /** Lines dropped unacknowledged because the spool was full. */
    public synchronized long dropped() {
        return dropped;
    }

    /** True when every line written was acknowledged (nothing left to send). */
    public synchronized boolean drained() {
        return acked >= nextSeq - 1;
    }

    /**
     * Appends whole lines ({@code '\n'}-terminated) as records of run {@code run}, all stamped
     * {@code unixMs}; one flush for the lot. On failure nothing of the chunk stays.
     */
    public synchronized void append(byte[] buf, int off, int len, int run, long unixMs) throws IOException {
        append(buf, off, len, run, unixMs, false);
    }

    /** As {@link #append(byte[], int, int, int, long)}, the lines marked as the command's stderr when {@code stderr}. */
    public synchronized void append(byte[] buf, int off, int len, int run, long unixMs, boolean stderr)
            throws IOException {
        if (!created) {
            OwnerOnly.createDirectory(dir);
            // Only with its cursor is the folder a spool a restarted agent finds: a full disk tries again.
            writeCursor();
            created = true;
        }
        long seqBefore = nextSeq;
        int segmentsBefore = segments.size();
        long lastBytesBefore = segmentsBefore == 0 ? 0 : segments.get(segmentsBefore - 1).bytes;
        try {
            int start = off;
            int end = off + len;
            for (int i = off; i < end; i++) {
                if (buf[i] == '\n') {
                    writeLine(buf, start, i - start, run, unixMs, stderr);
                    start = i + 1;
                }
            }
            if (start < end) {
                writeLine(buf, start, end - start, run, unixMs, stderr);
            }
            if (writer != null) {
                writer.flush();
            }
        } catch (IOException e) {
            rollBack(seqBefore, segmentsBefore, lastBytesBefore);
            throw e;
        }
        enforceLimit();
    }

    /**
     * Appends lines that carry their own seq, run, time and stream (a monitor's, read from its
     * store): the first must have seq {@link #nextSeq()}, the others follow without gaps, each at
     * most one piece long. One flush for the lot; on failure nothing of them stays.
     *
     * @throws IllegalArgumentException when a seq is not the one due, or a line is longer than a piece
     */
    public synchronized void appendLines(List<SpooledLine> lines) throws IOException {
        if (lines.isEmpty()) {
            return;
        }
        long expected = nextSeq;
        for (SpooledLine l : lines) {
            if (l.seq() != expected++ || l.text().length > MAX_PIECE) {
                throw new IllegalArgumentException("job " + jobId + ": line " + l.seq() + " of " + l.text().length
                        + " bytes where seq " + (expected - 1) + " of at most " + MAX_PIECE + " bytes was due");
            }
        }
        if (!created) {
            OwnerOnly.createDirectory(dir);
            created = true;
            writeCursor();
        }
        long seqBefore = nextSeq;
        int segmentsBefore = segments.size();
        long lastBytesBefore = segmentsBefore == 0 ? 0 : segments.get(segmentsBefore - 1).bytes;
        try {
            for (SpooledLine l : lines) {
                writeLine(l.text(), 0, l.text().length, l.run(), l.unixMs(), l.stderr());
            }
            writer.flush();
        } catch (IOException e) {
            rollBack(seqBefore, segmentsBefore, lastBytesBefore);
            throw e;
        }
        enforceLimit();
    }

    private void writeLine(byte[] buf, int off, int len, int run, long unixMs, boolean stderr) throws IOException {
        do {
            int piece = Math.min(len, MAX_PIECE);
            if (writer == null || writer.segment.bytes >= segmentBytes) {
                roll();
            }
            long n = writer.write(nextSeq, run, unixMs, stderr, buf, off, piece);
            bytes += n;
            nextSeq++;
            off += piece;
            len -= piece;
        } while (len > 0);
    }

    private void roll() throws IOException {
        closeWriter();
        Segment s = new Segment(nextSeq, Segment.file(dir, nextSeq), 0);
        writer = new Segment.Writer(s);
        segments.add(s);
    }

    /** Undoes a chunk that could not be written whole: no half chunk on disk, no seq given twice. */
    private void rollBack(long seqBefore, int segmentsBefore, long lastBytesBefore) {
        // Its flush fails as the write did (said by the caller); the cut below removes whatever it left.
        closeWriterQuietly();
        closeCursor();
        while (segments.size() > segmentsBefore) {
            segments.remove(segments.size() - 1).deleteQuietly();
        }
        if (segmentsBefore > 0) {
            Segment last = segments.get(segmentsBefore - 1);
            try {
                last.truncate(lastBytesBefore);
            } catch (IOException e) {
                diagnostics.accept("job " + jobId + ": cannot cut back spool segment " + last.file + ": "
                        + e.getMessage());
            }
        }
        bytes = segments.stream().mapToLong(x -> x.bytes).sum();
        nextSeq = seqBefore;
    }

    private void enforceLimit() {
        boolean droppedSome = false;
        retire();
        while (bytes - retainedBytes() > maxBytes && segments.size() > 1) {
            if (lastSeq(0) <= acked) {
                // Kept history yields to lines not yet sent.
                removeOldest();
                continue;
            }
            Segment s = segments.remove(0);
            long first = Math.max(s.firstSeq, acked + 1);
            long last = segments.get(0).firstSeq - 1;
            bytes -= s.bytes;
            if (last >= first) {
                dropped += last - first + 1;
                long sentEnd = Math.min(last, sentUpTo);
                if (sentEnd >= first) {
                    inflightFirst = inflightFirst == 0 ? first : inflightFirst;
                    inflightLast = sentEnd;
                }
                noteLost(Math.max(first, sentUpTo + 1), last);
                droppedSome = true;
            }
            if (cursor != null && cursor.segment == s) {
                closeCursor();
            }
            s.deleteQuietly();
            diagnostics.accept("job " + jobId + ": log spool over its limit of " + maxBytes
                    + " bytes: dropped unacknowledged lines " + first + ".." + last + " (" + dropped
                    + " dropped so far)");
        }
        if (droppedSome) {
            try {
                // Kept on disk: an agent restarted before the next acknowledgement still reports the episode.
                writeCursor();
            } catch (IOException e) {
                diagnostics.accept("job " + jobId + ": cannot save the spool cursor: " + e.getMessage());
            }
        }
    }

    private void noteLost(long first, long last) {
        if (first > last) {
            return;
        }
        droppedFirst = droppedFirst == 0 ? first : Math.min(droppedFirst, first);
        droppedLast = Math.max(droppedLast, last);
        droppedLines += last - first + 1;
    }

    /**
     * A new session starts sending from the oldest unacknowledged line: lines dropped after the
     * last session sent them, and not acknowledged by it, are lost after all.
     */
    public synchronized void rewind() {
        if (inflightFirst > 0) {
            noteLost(Math.max(inflightFirst, acked + 1), inflightLast);
            inflightFirst = 0;
            inflightLast = 0;
        }
        sentUpTo = acked;
    }

    /**
     * The overflow episode that ended with the last acknowledgement (a coordinator stored a line
     * after the dropped ones), once; empty when none did.
     */
    public synchronized Optional<SpoolOverflow> takeFinishedOverflow() {
        SpoolOverflow finished = finishedOverflow;
        finishedOverflow = null;
        return Optional.ofNullable(finished);
    }

    /**
     * Lines from {@code from} on (or the first still on disk, when older ones were dropped): up to
     * {@code maxLines}, and up to {@code maxBytes} of line text except that the first line is
     * always given, however long. Empty when none is there.
     */
    public synchronized List<SpooledLine> read(long from, int maxLines, long maxBytes) throws IOException {
        List<SpooledLine> lines = new ArrayList<>();
        from = Math.max(from, firstSeq());
        if (from >= nextSeq || maxLines <= 0) {
            return lines;
        }
        int index = segmentIndex(from);
        if (cursor == null || cursor.segment != segments.get(index) || cursor.seq > from) {
            closeCursor();
            cursor = new Cursor(segments.get(index));
        }
        long size = 0;
        while (lines.size() < maxLines) {
            SpooledLine line = cursor.reader.next(cursor.segment.bytes);
            if (line == null) {
                if (++index >= segments.size()) {
                    break;
                }
                closeCursor();
                cursor = new Cursor(segments.get(index));
                continue;
            }
            cursor.seq = line.seq() + 1;
            if (line.seq() < from) {
                continue;
            }
            size += line.text().length;
            if (!lines.isEmpty() && size > maxBytes) {
                // Not taken: read again from its start next time.
                closeCursor();
                break;
            }
            lines.add(line);
        }
        if (!lines.isEmpty()) {
            sentUpTo = Math.max(sentUpTo, lines.get(lines.size() - 1).seq());
        }
        return lines;
    }

    private int segmentIndex(long seq) {
        int i = segments.size() - 1;
        while (i > 0 && segments.get(i).firstSeq > seq) {
            i--;
        }
        return i;
    }

    /**
     * Every line up to {@code seq} is stored elsewhere: remembers it and deletes the segments that
     * hold nothing newer.
     */
    public synchronized void ack(long seq) throws IOException {
        long upTo = Math.min(seq, nextSeq - 1);
        if (upTo <= acked) {
            return;
        }
        acked = upTo;
        sentUpTo = Math.max(sentUpTo, acked);
        if (inflightFirst > 0) {
            // Acknowledged by the session that sent them: stored, so not lost.
            if (acked >= inflightLast) {
                inflightFirst = 0;
                inflightLast = 0;
            } else if (acked >= inflightFirst) {
                inflightFirst = acked + 1;
            }
        }
        if (droppedFirst > 0 && acked > droppedLast) {
            // The coordinators have lines after the gap: the episode is over, and the gap is final.
            SpoolOverflow ended = new SpoolOverflow(jobId, droppedFirst, droppedLast, droppedLines, maxBytes);
            finishedOverflow = finishedOverflow == null ? ended : new SpoolOverflow(jobId, finishedOverflow.firstSeq(),
                    ended.lastSeq(), finishedOverflow.lines() + ended.lines(), maxBytes);
            droppedFirst = 0;
            droppedLast = 0;
            droppedLines = 0;
        }
        retire();
        writeCursor();
    }

    /** Deletes the oldest acknowledged segments beyond the retention (all of them without one). */
    private void retire() {
        long now = System.currentTimeMillis();
        while (!segments.isEmpty() && lastSeq(0) <= acked && !segments.get(0).equals(writer == null ? null : writer.segment)
                && (bytes > retention.bytes() || now - lastWrite(segments.get(0)) > retention.ageMillis())) {
            removeOldest();
        }
        while (retention == Retention.NONE && !segments.isEmpty() && lastSeq(0) <= acked) {
            removeOldest();
        }
    }

    /** Bytes of the segments whose lines are all acknowledged. */
    private long retainedBytes() {
        long sum = 0;
        for (int i = 0; i < segments.size() && lastSeq(i) <= acked; i++) {
            sum += segments.get(i).bytes;
        }
        return sum;
    }

    private static long lastWrite(Segment s) {
        try {
            return Files.getLastModifiedTime(s.file).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private void removeOldest() {
        Segment s = segments.remove(0);
        if (writer != null && writer.segment == s) {
            closeWriter();
        }
        if (cursor != null && cursor.segment == s) {
            closeCursor();
        }
        bytes -= s.bytes;
        s.deleteQuietly();
    }

    /** The oldest seq kept on disk, acknowledged or not; {@link #nextSeq()} when none is. */
    public synchronized long oldestKept() {
        return segments.isEmpty() ? nextSeq : segments.get(0).firstSeq;
    }

    /**
     * Kept lines from {@code from} on (or from the oldest kept, when older ones are gone), up to
     * {@code maxLines} and {@code maxBytes} of text (the first line always), acknowledged or not;
     * for readers, so it leaves the link's place alone.
     */
    public synchronized List<SpooledLine> readRange(long from, int maxLines, long maxBytes) throws IOException {
        List<SpooledLine> lines = new ArrayList<>();
        from = Math.max(from, oldestKept());
        if (from >= nextSeq || maxLines <= 0) {
            return lines;
        }
        if (writer != null) {
            writer.flush();
        }
        long size = 0;
        for (int index = segmentIndex(from); index < segments.size() && lines.size() < maxLines; index++) {
            Segment segment = segments.get(index);
            try (SegmentReader reader = new SegmentReader(segment.file)) {
                for (SpooledLine line; lines.size() < maxLines && (line = reader.next(segment.bytes)) != null; ) {
                    if (line.seq() < from) {
                        continue;
                    }
                    size += line.text().length;
                    if (!lines.isEmpty() && size > maxBytes) {
                        return lines;
                    }
                    lines.add(line);
                }
            }
        }
        return lines;
    }

    private long lastSeq(int index) {
        return index + 1 < segments.size() ? segments.get(index + 1).firstSeq - 1 : nextSeq - 1;
    }

    private void writeCursor() throws IOException {
        // Lines in flight count as lost for an agent restarted from this file: its first session
        // resends from the oldest line still here, after them.
        long first = droppedFirst;
        long last = droppedLast;
        long lines = droppedLines;
        if (inflightFirst > 0) {
            long from = Math.max(inflightFirst, acked + 1);
            if (from <= inflightLast) {
                first = first == 0 ? from : Math.min(first, from);
                last = Math.max(last, inflightLast);
                lines += inflightLast - from + 1;
            }
        }
        new CursorFile(jobId, acked, nextSeq, first, last, lines, incarnation).write(dir);
    }

    /** Flushes and closes the files; the spool stays usable (they reopen on demand). */
    public synchronized void close() {
        closeWriter();
        closeCursor();
        if (created) {
            try {
                writeCursor();
            } catch (IOException e) {
                diagnostics.accept("job " + jobId + ": cannot save the spool cursor: " + e.getMessage());
            }
        }
    }

    /** Deletes the spool's folder; only when {@link #drained()}. */
    synchronized void delete() throws IOException {
        close();
        for (Segment s : segments) {
            s.deleteQuietly();
        }
        segments.clear();
        if (created) {
            Files.deleteIfExists(dir.resolve(CursorFile.NAME));
            Files.deleteIfExists(dir);
            created = false;
        }
    }

    private void closeWriter() {
        if (writer != null) {
            try {
                writer.close();
            } catch (IOException e) {
                diagnostics.accept("job " + jobId + ": closing spool segment: " + e.getMessage());
            }
            writer = null;
        }
    }

    private void closeWriterQuietly() {
        if (writer != null) {
            try {
                writer.close();
            } catch (IOException e) {
                // See rollBack.
            }
            writer = null;
        }
    }

    private void closeCursor() {
        if (cursor != null) {
            try {
                cursor.reader.close();
            } catch (IOException e) {
                // read-only
            }
            cursor = null;
        }
    }

    /** Where the link's reading stopped: saves rescanning a segment for every batch. */
    private static final class Cursor {
        final Segment segment;
        final SegmentReader reader;
        long seq;

        Cursor(Segment segment) throws IOException {
            this.segment = segment;
            this.reader = new SegmentReader(segment.file);
            this.seq = segment.firstSeq;
        }
    }
}
