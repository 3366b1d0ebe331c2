package io.dmon.agent.spool;

import com.google.protobuf.CodedOutputStream;
import io.dmon.agent.state.OwnerOnly;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** One segment file of a spool: the seq of its first line and the bytes of whole records in it. */
final class Segment {
    static final String SUFFIX = ".seg";

    final long firstSeq;
    final Path file;
    long bytes;

    Segment(long firstSeq, Path file, long bytes) {
        this.firstSeq = firstSeq;
        this.file = file;
        this.bytes = bytes;
    }

    /** The file of the segment starting at {@code firstSeq} in {@code dir}. */
    static Path file(Path dir, long firstSeq) {
        return dir.resolve(String.format("%020d", firstSeq) + SUFFIX);
    }

    /**
     * Reads every record, cuts off a torn or damaged tail (a power cut in the middle of a write),
     * and returns the last seq ({@code firstSeq - 1} when empty).
     */
    long scanAndRepair() throws IOException {
        long lastSeq = firstSeq - 1;
        long good = 0;
        long size = Files.size(file);
        try (SegmentReader r = new SegmentReader(file)) {
            for (SpooledLine line; (line = r.next(size)) != null; ) {
                lastSeq = line.seq();
                good = r.offset();
            }
        } catch (IOException e) {
            // Keep what is whole; the rest was never acknowledged as written.
        }
        truncate(good);
        return lastSeq;
    }

    /** Cuts the file back to {@code size} bytes. */
    void truncate(long size) throws IOException {
        if (size < Files.size(file)) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(size);
            }
        }
        bytes = size;
    }

    void deleteQuietly() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A file we cannot delete only costs disk space; its lines are no longer counted.
        }
    }

    /** Appends records to a segment, buffered: nothing reaches the file before {@link #flush()}. */
    static final class Writer {
        final Segment segment;
        private final FileOutputStream out;
        private final CodedOutputStream coded;

        Writer(Segment segment) throws IOException {
            this.segment = segment;
            OwnerOnly.createFile(segment.file);
            this.out = new FileOutputStream(segment.file.toFile(), true);
            this.coded = CodedOutputStream.newInstance(out, 64 * 1024);
        }

        /** Appends one length-delimited record of {@code len} bytes of {@code buf}; returns its size on disk. */
        long write(long seq, int run, long unixMs, boolean stderr, byte[] buf, int off, int len) throws IOException {
            long n = LineRecord.write(coded, seq, run, unixMs, stderr, buf, off, len);
            segment.bytes += n;
            return n;
        }

        void flush() throws IOException {
            coded.flush();
        }

        void close() throws IOException {
            try {
                coded.flush();
            } finally {
                out.close();
            }
        }
    }
}
