package io.dmon.agent.output;

import java.io.Closeable;
import java.io.IOException;

/**
 * Receives complete lines from a producer; one instance per destination. Not thread-safe: one
 * producer thread (a caller that also reopens or closes from a signal thread must serialise the
 * calls itself).
 */
public interface LineSink extends Closeable {
    /**
     * Accepts whole lines, each ending in {@code '\n'}, in {@code buf[off, off+len)}. When it
     * returns, the lines are written (and, in durable mode, on stable storage: group commit — one
     * fsync per call, not per line).
     */
    void accept(byte[] buf, int off, int len) throws IOException;

    /**
     * Log rotation by rename (SIGHUP): sync and close the file; reopen lazily on the next line.
     * No-op where meaningless.
     */
    void reopen() throws IOException;

    /** Syncs and closes. */
    @Override
    void close() throws IOException;
}
