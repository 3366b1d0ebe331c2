package io.dmon.agent.monitor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the lines a monitor stored (format in the package notes), by seq, while the monitor goes
 * on writing and deleting segments. Keeps where the last read ended, so that reading on from
 * there costs no rescan; any other seq is found from the segments' names.
 *
 * <p>Only whole records are returned: a record still being written waits for the next read. A
 * seq below the oldest segment left (dropped while the store was full, or consumed) resumes at
 * the oldest line there is: the gap shows in the seqs. Not thread-safe.
 */
public final class OutputStore {
    /** The longest record a monitor writes: its head, a 64 KiB line, the cut mark, the newline. */
    static final int MAX_RECORD = 80 + 65536 + 14 + 1;
    private static final int BUFFER = 2 * MAX_RECORD;
    private static final String SUFFIX = ".out";

    private final Path dir;
    private Path cursorFile;
    private long cursorOffset;
    private long cursorSeq = -1;

    public OutputStore(Path dir) {
        this.dir = dir;
    }

    /** One stored line: its seq, time, run, stream and bytes (without the newline). */
    public record StoredLine(long seq, long unixMs, int run, boolean stderr, byte[] line) {
    }

    /** Lines read, and the seq to read from next. */
    public record Batch(List<StoredLine> lines, long nextSeq) {
    }

    /**
     * Up to {@code maxLines} whole lines from seq {@code from} on, stopping once their bytes reach
     * {@code maxBytes} (at least one line when there is one).
     *
     * @throws IOException when a segment cannot be read or holds something that is not a record
     */
    public Batch read(long from, int maxLines, long maxBytes) throws IOException {
        List<StoredLine> lines = new ArrayList<>();
        List<Long> firsts = segments();
        int index = -1;
        long offset = 0;
        long expected = -1;
        if (from == cursorSeq && cursorFile != null && Files.exists(cursorFile)) {
            index = firsts.indexOf(firstOf(cursorFile));
            offset = cursorOffset;
            expected = cursorSeq;
        }
        if (index < 0) {
            index = 0;
            for (int i = 0; i < firsts.size(); i++) {
                if (firsts.get(i) <= from) {
                    index = i;
                }
            }
            offset = 0;
        }
        long bytes = 0;
        Segment last = null;
        while (index < firsts.size() && lines.size() < maxLines && (bytes < maxBytes || lines.isEmpty())) {
            long first = firsts.get(index);
            Segment seg = new Segment(file(first), offset, offset == 0 ? first : expected);
            last = seg;
            boolean complete = index + 1 < firsts.size();
            boolean done;
            try {
                done = seg.read(from, lines, maxLines, maxBytes - bytes);
                if (done && !complete) {
                    // A newer segment may have appeared meanwhile: then this one is complete, but
                    // its last write may have landed after our read. Read once more, then move on.
                    firsts = segments();
                    index = firsts.indexOf(first);
                    complete = index >= 0 && index + 1 < firsts.size();
                    if (complete) {
                        bytes = lines.stream().mapToLong(l -> l.line().length).sum();
                        done = seg.read(from, lines, maxLines, maxBytes - bytes);
                    }
                }
            } catch (NoSuchFileException e) {
                // Consumed or dropped under us: what follows is in the next segments.
                done = true;
                complete = true;
            }
            bytes = lines.stream().mapToLong(l -> l.line().length).sum();
            if (!done || !complete) {
                break;
            }
            index = firsts.indexOf(first) + 1;
            if (index == 0) {
                firsts = segments();
                index = (int) firsts.stream().filter(f -> f <= first).count();
            }
            offset = 0;
        }
        long next = lines.isEmpty() ? from : lines.get(lines.size() - 1).seq() + 1;
        // Resume there next time only if the record at that offset is the one due next.
        if (last != null && last.expected == next) {
            cursorFile = last.file;
            cursorOffset = last.offset;
            cursorSeq = next;
        } else {
            cursorSeq = -1;
        }
        return new Batch(lines, next);
    }

    private List<Long> segments() throws IOException {
        List<Long> firsts = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path f : files) {
                long first = firstOf(f);
                if (first > 0) {
                    firsts.add(first);
                }
            }
        }
        firsts.sort(null);
        return firsts;
    }

    private Path file(long first) {
        return dir.resolve(String.format("%020d", first) + SUFFIX);
    }

    /** The first seq a segment's name gives, or -1 for another file. */
    private static long firstOf(Path file) {
        String name = file.getFileName().toString();
        if (name.length() != 20 + SUFFIX.length() || !name.endsWith(SUFFIX)) {
            return -1;
        }
        try {
            return MonitorProtocol.longOf(name.substring(0, 20).replaceFirst("^0+(?=.)", ""));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Reading one segment from a record boundary on. */
    private static final class Segment {
        final Path file;
        /** Where the next record starts. */
        long offset;
        /** The seq the next record must have. */
        long expected;

        Segment(Path file, long offset, long expected) {
            this.file = file;
            this.offset = offset;
            this.expected = expected;
        }

        /** Appends the whole records from {@link #offset} on; true when it reached the end of the file. */
        boolean read(long from, List<StoredLine> out, int maxLines, long maxBytes) throws IOException {
            long taken = 0;
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                ByteBuffer buf = ByteBuffer.allocate(BUFFER).flip();
                long readPos = offset;
                while (out.size() < maxLines && (taken < maxBytes || out.isEmpty())) {
                    int nl = indexOf(buf, (byte) '\n');
                    if (nl < 0) {
                        if (buf.remaining() >= MAX_RECORD) {
                            throw new IOException(file + ": no record ends within " + MAX_RECORD + " bytes of byte " + offset);
                        }
                        buf.compact();
                        int n = ch.read(buf, readPos);
                        buf.flip();
                        if (n <= 0) {
                            return true;
                        }
                        readPos += n;
                        continue;
                    }
                    StoredLine line = parse(buf, nl);
                    if (line.seq() != expected) {
                        throw new IOException(file + ": record " + line.seq() + " at byte " + offset + " where "
                                + expected + " was due");
                    }
                    expected = line.seq() + 1;
                    offset += nl - buf.position() + 1;
                    buf.position(nl + 1);
                    if (line.seq() >= from) {
                        out.add(line);
                        taken += line.line().length;
                    }
                }
                return false;
            }
        }

        private StoredLine parse(ByteBuffer buf, int nl) throws IOException {
            int p = buf.position();
            long[] head = new long[3];
            for (int i = 0; i < 3; i++) {
                int start = p;
                long v = 0;
                while (p < nl && buf.get(p) >= '0' && buf.get(p) <= '9' && p - start < 18) {
                    v = v * 10 + (buf.get(p) - '0');
                    p++;
                }
                if (p == start || p >= nl || buf.get(p) != ' ') {
                    throw bad();
                }
                head[i] = v;
                p++;
            }
            if (p + 1 >= nl || (buf.get(p) != 'o' && buf.get(p) != 'e') || buf.get(p + 1) != ' '
                    || head[2] > Integer.MAX_VALUE) {
                throw bad();
            }
            boolean stderr = buf.get(p) == 'e';
            byte[] data = new byte[nl - (p + 2)];
            buf.get(p + 2, data);
            return new StoredLine(head[0], head[1], (int) head[2], stderr, data);
        }

        private IOException bad() {
            return new IOException(file + ": not a record at byte " + offset);
        }

        private static int indexOf(ByteBuffer buf, byte b) {
            for (int i = buf.position(); i < buf.limit(); i++) {
                if (buf.get(i) == b) {
                    return i;
                }
            }
            return -1;
        }
    }
}
