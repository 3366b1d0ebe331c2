package io.dmon.agent.output;

import java.io.IOException;

/**
 * Gathers formatted lines into as few writes as possible. Plain lines are not copied: the batch is
 * a span of the caller's array. Dressed lines are copied, behind their header, into a reusable
 * buffer that is written out when full.
 */
final class LineBatch {
    static final int DEFAULT_CAPACITY = 256 * 1024;

    private final LineFormat format;
    private final byte[] out;
    private int used;
    private byte[] spanArray;
    private int spanStart;
    private int spanEnd;

    LineBatch(LineFormat format, int capacity) {
        this.format = format;
        this.out = new byte[format.plain() ? 0 : capacity];
    }

    /**
     * Adds the line {@code src[off, off+len)} (its newline included); returns the bytes it adds to
     * the file, 0 when the format drops it.
     */
    int add(byte[] src, int off, int len, AppendFile file) throws IOException {
        if (format.plain()) {
            if (spanArray != src || spanEnd != off) {
                flush(file);
                spanArray = src;
                spanStart = off;
            }
            spanEnd = off + len;
            return len;
        }
        if (format.drops(len)) {
            return 0;
        }
        byte[] header = format.header();
        int total = header.length + len;
        if (total > out.length - used) {
            flush(file);
            if (total > out.length) {
                // A line bigger than the buffer goes out on its own.
                file.write(header, 0, header.length);
                file.write(src, off, len);
                return total;
            }
        }
        System.arraycopy(header, 0, out, used, header.length);
        System.arraycopy(src, off, out, used + header.length, len);
        used += total;
        return total;
    }

    /** Writes what was gathered. */
    void flush(AppendFile file) throws IOException {
        if (used > 0) {
            int n = used;
            used = 0;
            file.write(out, 0, n);
        }
        if (spanArray != null) {
            byte[] a = spanArray;
            spanArray = null;
            file.write(a, spanStart, spanEnd - spanStart);
        }
    }

    /** Forgets what was gathered and not written (after a failed write). */
    void discard() {
        used = 0;
        spanArray = null;
    }
}
