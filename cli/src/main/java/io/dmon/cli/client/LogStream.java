package io.dmon.cli.client;

import io.dmon.proto.v1.LogChunk;
import io.dmon.proto.v1.LogLine;
import io.dmon.proto.v1.LogsRequest;
import java.util.function.Consumer;

/**
 * A log request read in chunks (LogChunks): many lines per message, so a follower keeps up with a
 * fast job, and the ranges of lines the coordinator could not send. A coordinator older than
 * LogChunks answers UNIMPLEMENTED: the request then goes again as Logs, whose lines come as
 * chunks of one line that never report a gap. That may happen after some chunks were read (the
 * stream moved to an older coordinator), so the reader has to drop lines it has seen, by (job,
 * seq), as for any resumed stream. {@link #cancel()} may be called from any thread.
 */
public final class LogStream implements AutoCloseable {
    private final OperatorClient client;
    private final LogsRequest request;
    private volatile Consumer<String> onResume = why -> { };
    private volatile ServerStream<LogChunk> chunks;
    private volatile ServerStream<LogLine> lines;
    private volatile boolean cancelled;

    LogStream(OperatorClient client, LogsRequest request) {
        this.client = client;
        this.request = request;
        this.chunks = client.chunks(request);
    }

    /** Tells {@code listener} why, each time the stream is resumed through another coordinator. */
    public LogStream onResume(Consumer<String> listener) {
        this.onResume = listener;
        chunks.onResume(listener);
        return this;
    }

    /**
     * The next chunk, or null at the end of the stream or after {@link #cancel()}. Blocks until
     * one comes.
     *
     * @throws io.dmon.cli.CliException when the call fails
     */
    public LogChunk next() {
        ServerStream<LogChunk> chunked = chunks;
        if (chunked != null) {
            try {
                return chunked.next();
            } catch (ServerStream.Unimplemented e) {
                fallBack();
            }
        }
        ServerStream<LogLine> old = lines;
        if (old == null) {
            return null;
        }
        LogLine line = old.next();
        return line == null ? null : LogChunk.newBuilder().addLines(line).build();
    }

    /** Whether the lines come through Logs, one per message (an older coordinator). */
    public boolean fellBack() {
        return chunks == null;
    }

    private synchronized void fallBack() {
        chunks = null;
        if (!cancelled) {
            lines = client.logs(request).onResume(onResume);
        }
    }

    /** Ends the call; a thread blocked in {@link #next()} gets null. */
    public synchronized void cancel() {
        cancelled = true;
        ServerStream<LogChunk> chunked = chunks;
        if (chunked != null) {
            chunked.cancel();
        }
        ServerStream<LogLine> old = lines;
        if (old != null) {
            old.cancel();
        }
    }

    @Override
    public void close() {
        cancel();
    }
}
