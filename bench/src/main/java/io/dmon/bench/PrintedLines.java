package io.dmon.bench;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads what a {@code dmonctl logs -f} child prints of a {@link LogSender}'s job, on a thread of
 * its own: counts the lines, checks that each one's seq is the one after the line before, and
 * stamps the first and last line read (System.nanoTime), the moments an operator would see them.
 */
final class PrintedLines implements Runnable {
    private final InputStream in;
    private volatile long lines;
    private volatile long disorder;
    private volatile long first;
    private volatile long last;
    private volatile long lastSeq;
    /** Lines read up to the first read after {@link #mark}: the rate counts only those after. */
    private volatile long before;

    PrintedLines(InputStream in) {
        this.in = in;
    }

    @Override
    public void run() {
        byte[] buffer = new byte[1 << 16];
        // The start of a line cut by the end of a read; a line is 100 bytes.
        byte[] carry = new byte[256];
        int carried = 0;
        long expected = 0;
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                long now = System.nanoTime();
                int start = 0;
                long count = lines;
                for (int i = 0; i < n; i++) {
                    if (buffer[i] != '\n') {
                        continue;
                    }
                    long seq;
                    if (carried > 0) {
                        int take = Math.min(i - start, carry.length - carried);
                        System.arraycopy(buffer, start, carry, carried, take);
                        seq = LogSender.seqOf(carry, 0, carried + take);
                        carried = 0;
                    } else {
                        seq = LogSender.seqOf(buffer, start, i - start);
                    }
                    if (expected != 0 && seq != expected) {
                        disorder++;
                    }
                    expected = seq + 1;
                    lastSeq = seq;
                    count++;
                    start = i + 1;
                }
                if (start < n) {
                    int take = Math.min(n - start, carry.length - carried);
                    System.arraycopy(buffer, start, carry, carried, take);
                    carried += take;
                }
                if (count > lines) {
                    if (first == 0) {
                        first = now;
                        before = count;
                    }
                    last = now;
                    lines = count;
                }
            }
        } catch (IOException e) {
            // the follower was stopped
        }
    }

    long lines() {
        return lines;
    }

    long lastSeq() {
        return lastSeq;
    }

    long disorder() {
        return disorder;
    }

    /** Starts the rate again: from the next read that brings lines. */
    void mark() {
        first = 0;
    }

    /**
     * Lines per second from the first read after {@link #mark} to the last read (its own lines
     * not counted: they were printed before the clock started); NaN without two reads.
     */
    double rate() {
        long f = first;
        return f != 0 && last > f ? (lines - before) / ((last - f) / 1e9) : Double.NaN;
    }
}
