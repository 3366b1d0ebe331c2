package io.dmon.agent.output;

import java.io.IOException;

/**
 * Hands every chunk of lines to two sinks in turn: the job's log destination and the agent's
 * uplink. The first sink's failure does not keep lines from the second.
 */
public final class TeeSink implements LineSink {
    private final LineSink first;
    private final LineSink second;

    public TeeSink(LineSink first, LineSink second) {
        this.first = first;
        this.second = second;
    }

    @Override
    public void accept(byte[] buf, int off, int len) throws IOException {
        IOException failure = null;
        try {
            first.accept(buf, off, len);
        } catch (IOException e) {
            failure = e;
        }
        second.accept(buf, off, len);
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void reopen() throws IOException {
        first.reopen();
        second.reopen();
    }

    @Override
    public void close() throws IOException {
        try {
            first.close();
        } finally {
            second.close();
        }
    }
}
