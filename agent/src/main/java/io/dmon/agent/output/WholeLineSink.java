package io.dmon.agent.output;

import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;

/**
 * Base of the log sinks: checks the bounds and guarantees {@link #acceptLines} a run that ends in
 * {@code '\n'}, so each sink can walk its lines without a special case for a last one.
 */
abstract class WholeLineSink implements LineSink {
    @Override
    public final void accept(byte[] buf, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (len == 0) {
            return;
        }
        if (buf[off + len - 1] == '\n') {
            acceptLines(buf, off, len);
            return;
        }
        // The contract asks for whole lines; a caller that breaks it still loses nothing.
        byte[] terminated = Arrays.copyOfRange(buf, off, off + len + 1);
        terminated[len] = '\n';
        acceptLines(terminated, 0, len + 1);
    }

    /** {@code buf[off, off+len)} is one or more lines, the last byte being {@code '\n'}. */
    protected abstract void acceptLines(byte[] buf, int off, int len) throws IOException;

    /** Index of the first {@code '\n'} in {@code b[from, end)}; {@code end - 1} at the latest, by contract. */
    static int endOfLine(byte[] b, int from, int end) {
        for (int i = from; i < end; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return end - 1;
    }
}
