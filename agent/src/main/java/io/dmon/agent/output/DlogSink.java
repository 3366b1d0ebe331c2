package io.dmon.agent.output;

import java.io.IOException;
import java.time.Clock;

/**
 * dlog: appends lines to one file (opened lazily, {@code O_APPEND}, created with mode 0666 before
 * the umask) or to standard output, each written as {@code [TIMESTAMP ][PREFIX ]LINE}.
 *
 * <p>Unless buffered, every {@link #accept} returns with its bytes on disk: one {@code fdatasync}
 * per call, however many lines it carries (DMon syncs per line). Nothing is synced for standard
 * output or a file that is not a regular file (a terminal, a pipe, /dev/null).
 */
public final class DlogSink extends WholeLineSink {
    private final AppendFile file;
    private final LineFormat format;
    private final LineBatch batch;
    private final boolean durable;

    public DlogSink(DlogOptions options) {
        this(options, Clock.systemUTC());
    }

    /** A sink whose timestamps come from {@code clock}. */
    public DlogSink(DlogOptions options, Clock clock) {
        this.file = options.file() == null ? AppendFile.stdout() : AppendFile.at(options.file(), "rw-rw-rw-");
        this.format = new LineFormat(options.timestamp(), options.prefix(), options.skipEmpty(), clock);
        this.batch = new LineBatch(format, LineBatch.DEFAULT_CAPACITY);
        this.durable = !options.buffered();
    }

    @Override
    protected void acceptLines(byte[] buf, int off, int len) throws IOException {
        if (format.plain()) {
            file.write(buf, off, len);
        } else {
            format.startBatch();
            int end = off + len;
            try {
                for (int p = off; p < end; ) {
                    int next = endOfLine(buf, p, end) + 1;
                    batch.add(buf, p, next - p, file);
                    p = next;
                }
                batch.flush(file);
            } catch (IOException e) {
                batch.discard();
                throw e;
            }
        }
        if (durable) {
            file.sync();
        }
    }

    /** Syncs and closes the file; the next line reopens it by name (rotation by rename). */
    @Override
    public void reopen() throws IOException {
        file.close(true);
    }

    @Override
    public void close() throws IOException {
        file.close(true);
    }
}
