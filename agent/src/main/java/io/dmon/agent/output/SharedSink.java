package io.dmon.agent.output;

import java.io.IOException;

/**
 * One sink that several line pumps write to (a job's runs, each with its own pump), and the one
 * lock they take turns on: a pump writes a chunk of whole lines at a time under it, so the lines
 * of two runs never interleave inside a line. The pumps never close it; its owner does, once.
 */
public final class SharedSink {
    private final Object lock = new Object();
    private final LineSink target;

    public SharedSink(LineSink target) {
        this.target = target;
    }

    /** A pump's way into the shared sink. */
    public LineSink writer() {
        return writer(target);
    }

    /**
     * A pump's way into {@code through} (the shared sink seen for one run, say) under the shared
     * lock; closing the writer does nothing.
     */
    public LineSink writer(LineSink through) {
        return new LineSink() {
            @Override
            public void accept(byte[] buf, int off, int len) throws IOException {
                synchronized (lock) {
                    through.accept(buf, off, len);
                }
            }

            @Override
            public void reopen() throws IOException {
                synchronized (lock) {
                    through.reopen();
                }
            }

            @Override
            public void close() {
                // The shared sink is closed once, by its owner.
            }
        };
    }

    /** Closes the shared sink, after any write in progress. */
    public void close() throws IOException {
        synchronized (lock) {
            target.close();
        }
    }
}
