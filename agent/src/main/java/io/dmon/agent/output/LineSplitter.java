package io.dmon.agent.output;

import java.io.IOException;

/**
 * Cuts a byte stream read in arbitrary chunks into whole lines for a {@link LineSink}.
 *
 * <p>Each call hands the sink one run of whole lines (everything up to the last {@code '\n'} seen)
 * and keeps the partial tail for the next call, so the sink sees big chunks and the splitter
 * allocates nothing per line. Two ways to feed it:
 *
 * <ul>
 *   <li>{@link #feed}: the caller owns the bytes; when no partial line is pending the lines are
 *       handed over straight from the caller's array, without a copy.
 *   <li>{@link #reserve}/{@link #buffer}/{@link #position}/{@link #commit}: the caller reads
 *       straight into the splitter's buffer (one copy fewer for a reader loop).
 * </ul>
 *
 * <p>Unbounded (the log tools' splitter), a line longer than the buffer grows it. Bounded (the
 * pump of a supervised job's output, {@link #bounded}), a line is at most {@link #MAX_LINE} bytes
 * before its newline: a longer one is handed over in pieces of {@code MAX_LINE} bytes, each but the
 * last followed by {@link #CUT_MARK} and a newline, so a job printing gigabytes without a newline
 * costs the reader {@code MAX_LINE} bytes of memory, not the whole line. At end of input,
 * {@link #finish} hands over a last line that had no newline, with {@code '\n'} appended. DMon
 * differs between its tools here (dlog and dslog drop such a line, drlog writes it without a
 * newline); we keep it and terminate it so the next run's first line is not glued to it.
 *
 * <p>Not thread-safe.
 */
public final class LineSplitter {
    /** Default buffer: comfortably more than one pipe's worth (64 KiB on Linux). */
    public static final int DEFAULT_CAPACITY = 256 * 1024;
    /** The longest line of a bounded splitter, newline not counted: 64 KiB. */
    public static final int MAX_LINE = 64 * 1024;
    /** What ends a piece of a cut line, before its newline. */
    public static final byte[] CUT_MARK = " [cut by dmon]".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final LineSink sink;
    private final int initialCapacity;
    /** The longest line before it is cut, or 0: never cut. */
    private final int maxLine;
    private long cuts;
    private byte[] buf;
    /** Bytes held in {@code buf[0, held)}: a partial line, never a '\n'. */
    private int held;

    public LineSplitter(LineSink sink) {
        this(sink, DEFAULT_CAPACITY);
    }

    public LineSplitter(LineSink sink, int initialCapacity) {
        this(sink, initialCapacity, 0);
    }

    private LineSplitter(LineSink sink, int initialCapacity, int maxLine) {
        if (initialCapacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + initialCapacity);
        }
        if (maxLine < 0) {
            throw new IllegalArgumentException("bad maximum line " + maxLine);
        }
        this.sink = sink;
        this.initialCapacity = maxLine == 0 ? initialCapacity : Math.max(initialCapacity, maxLine + CUT_MARK.length + 2);
        this.buf = new byte[this.initialCapacity];
        this.maxLine = maxLine;
    }

    /**
     * A splitter that cuts lines longer than {@code maxLine} bytes ({@link #MAX_LINE} for a job's
     * output). Feed it only through {@link #readable}/{@link #buffer}/{@link #commit}: its buffer
     * never grows.
     */
    public static LineSplitter bounded(LineSink sink, int maxLine) {
        if (maxLine < 1) {
            throw new IllegalArgumentException("bad maximum line " + maxLine);
        }
        return new LineSplitter(sink, DEFAULT_CAPACITY, maxLine);
    }

    /**
     * How many bytes may be read into {@link #buffer()} at {@link #position()} now: for a bounded
     * splitter never so many that a line could pass the maximum unseen, after handing over a
     * pending line that reached it, cut.
     */
    public int readable() throws IOException {
        if (maxLine == 0) {
            return buf.length - held;
        }
        if (held > maxLine) {
            cut();
        }
        // Room for a whole line of maxLine bytes and its newline: a longer one shows as held > maxLine.
        return Math.min(buf.length - CUT_MARK.length - 1, maxLine + 1) - held;
    }

    /** Lines cut so far (pieces handed over with {@link #CUT_MARK}). */
    public long cuts() {
        return cuts;
    }

    /** Hands over the first {@code maxLine} bytes of the pending line with the mark; keeps the rest. */
    private void cut() throws IOException {
        int rest = held - maxLine;
        byte[] tail = java.util.Arrays.copyOfRange(buf, maxLine, held);
        System.arraycopy(CUT_MARK, 0, buf, maxLine, CUT_MARK.length);
        int n = maxLine + CUT_MARK.length;
        buf[n++] = '\n';
        held = 0;
        cuts++;
        try {
            sink.accept(buf, 0, n);
        } finally {
            System.arraycopy(tail, 0, buf, 0, rest);
            held = rest;
        }
    }

    /** Hands every whole line of {@code chunk[off, off+len)} (joined to any pending tail) to the sink. */
    public void feed(byte[] chunk, int off, int len) throws IOException {
        if (maxLine > 0) {
            throw new IllegalStateException("a bounded splitter is fed through readable() and commit()");
        }
        if (len <= 0) {
            return;
        }
        int end = off + len;
        int last = lastNewline(chunk, off, end);
        if (held == 0) {
            if (last >= 0) {
                sink.accept(chunk, off, last + 1 - off);
            }
            int from = last >= 0 ? last + 1 : off;
            keep(chunk, from, end - from);
            return;
        }
        // A tail is pending: join it to the chunk so the sink still gets one call (one fsync).
        if (last < 0) {
            keep(chunk, off, len);
            return;
        }
        reserve(len);
        System.arraycopy(chunk, off, buf, held, len);
        handOver(held + (last + 1 - off), held + len);
    }

    /** Makes room for at least {@code minFree} bytes at {@link #position()}; may replace {@link #buffer()}. */
    public void reserve(int minFree) {
        if (buf.length - held >= minFree || maxLine > 0) {
            // A bounded splitter's buffer already holds the longest line: it never grows.
            return;
        }
        long wanted = (long) held + minFree;
        long size = Math.max((long) buf.length * 2, wanted);
        if (size > Integer.MAX_VALUE - 16) {
            if (wanted > Integer.MAX_VALUE - 16) {
                throw new OutOfMemoryError("line longer than 2 GiB");
            }
            size = Integer.MAX_VALUE - 16;
        }
        byte[] bigger = new byte[(int) size];
        System.arraycopy(buf, 0, bigger, 0, held);
        buf = bigger;
    }

    /** The array to read into, at {@link #position()}; valid until the next call on this splitter. */
    public byte[] buffer() {
        return buf;
    }

    /** Where the next read goes in {@link #buffer()}. */
    public int position() {
        return held;
    }

    /** Free bytes after {@link #position()}. */
    public int writable() {
        return buf.length - held;
    }

    /** {@code n} bytes were read into {@code buffer()[position(), position()+n)}: hand over the whole lines. */
    public void commit(int n) throws IOException {
        if (n <= 0) {
            return;
        }
        if (n > buf.length - held || (maxLine > 0 && held + n > maxLine + 1)) {
            throw new IllegalArgumentException("committed more than the free space: " + n);
        }
        int end = held + n;
        int last = lastNewline(buf, held, end);
        if (last < 0) {
            held = end;
            return;
        }
        handOver(last + 1, end);
    }

    /** End of input: hands over a pending last line, terminated with {@code '\n'}. */
    public void finish() throws IOException {
        if (held == 0) {
            return;
        }
        if (maxLine > 0 && held > maxLine) {
            cut();
            if (held == 0) {
                return;
            }
        }
        reserve(1);
        buf[held++] = '\n';
        int n = held;
        held = 0;
        sink.accept(buf, 0, n);
        shrink();
    }

    /** Bytes of a partial line waiting for its newline. */
    public int pending() {
        return held;
    }

    /** Hands {@code buf[0, lines)} to the sink and moves {@code buf[lines, end)} to the front. */
    private void handOver(int lines, int end) throws IOException {
        // Forget the lines before calling the sink: if it throws, they are not handed over twice.
        held = 0;
        try {
            sink.accept(buf, 0, lines);
        } finally {
            int rest = end - lines;
            System.arraycopy(buf, lines, buf, 0, rest);
            held = rest;
        }
        shrink();
    }

    private void keep(byte[] chunk, int off, int len) {
        if (len == 0) {
            return;
        }
        reserve(len);
        System.arraycopy(chunk, off, buf, held, len);
        held += len;
    }

    /** After one huge line, give the memory back. */
    private void shrink() {
        if (buf.length > 4 * initialCapacity && held <= initialCapacity) {
            byte[] smaller = new byte[initialCapacity];
            System.arraycopy(buf, 0, smaller, 0, held);
            buf = smaller;
        }
    }

    private static int lastNewline(byte[] b, int from, int end) {
        for (int i = end - 1; i >= from; i--) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
