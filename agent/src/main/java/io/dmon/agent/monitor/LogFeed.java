package io.dmon.agent.monitor;

import io.dmon.agent.output.LineSink;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * The job's log destination (the log command's pipe, or an in-process log tool) as the output
 * ingest feeds it: whole stdout lines, from one thread at a time. Closing does not wait for a
 * write in progress (a full pipe waits for a log command the supervisor may have to start
 * first): the writer closes it as it finishes.
 */
final class LogFeed {
    private final String jobId;
    private final LineSink sink;
    private final Consumer<String> diagnostics;
    // Guarded by this.
    private boolean writing;
    private boolean closing;
    private boolean closed;
    private boolean failed;

    LogFeed(String jobId, LineSink sink, Consumer<String> diagnostics) {
        this.jobId = jobId;
        this.sink = sink;
        this.diagnostics = diagnostics;
    }

    /** Hands whole lines on; nothing once closing. A failing destination is said once, and the lines go on to the spool only. */
    void accept(byte[] buf, int off, int len) {
        synchronized (this) {
            if (closing || failed) {
                return;
            }
            writing = true;
        }
        try {
            sink.accept(buf, off, len);
        } catch (IOException e) {
            synchronized (this) {
                failed = true;
            }
            diagnostics.accept("job " + jobId + ": writing to its log command failed, lines go to the spool only: "
                    + e.getMessage());
        } finally {
            boolean closeNow;
            synchronized (this) {
                writing = false;
                closeNow = closing && !closed;
                closed |= closeNow;
            }
            if (closeNow) {
                closeSink();
            }
        }
    }

    /** Ends the output: the log command reads what is left, then end of file. */
    void close() {
        synchronized (this) {
            closing = true;
            if (writing || closed) {
                return;
            }
            closed = true;
        }
        closeSink();
    }

    private void closeSink() {
        try {
            sink.close();
        } catch (IOException e) {
            diagnostics.accept("job " + jobId + ": closing its log: " + e.getMessage());
        }
    }
}
