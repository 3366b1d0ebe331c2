package io.dmon.agent.output;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;

/**
 * drlog: appends lines to {@code DIR/current} and rotates it to {@code DIR/log-YYYY-mm-dd-HH:MM:SS}
 * (see {@link RotatedLogs} for names within one second) when it holds {@code -s} bytes or more, or
 * when its period of {@code -T} is over, keeping at most {@code -m} rotated files.
 *
 * <p>As in DMon: the check runs before each line, so a file ends with the line that took it to
 * the size or over; the period starts at the time in {@code DIR/.timestamp} rounded down to a
 * multiple of {@code -T} (so {@code -T 1d} rotates at the first line after midnight UTC); a zero
 * {@code -s} or {@code -T} turns rotation off. Files are created with mode 0640. Unlike DMon, a
 * missing DIR is created (mode 0750) when its parent exists.
 *
 * <p>The clock is read once per {@link #accept} call. Unless buffered, each call ends with one
 * {@code fdatasync}, and a rotation syncs the file before renaming it.
 */
public final class DrlogSink extends WholeLineSink {
    static final String CURRENT = "current";
    static final String FILE_MODE = "rw-r-----";
    static final String DIR_MODE = "rwxr-x---";

    private final Path dir;
    private final long maxSize;
    private final long maxTime;
    private final boolean rotating;
    private final boolean durable;
    private final Clock clock;
    private final AppendFile current;
    private final PeriodStamp stamp;
    private final RotatedLogs rotated;
    private final LineFormat format;
    private final LineBatch batch;
    /** Bytes in the current file; valid while it is open. */
    private long size;
    /** Start of the current file's period, in epoch seconds; valid while it is open. */
    private long periodStart;
    private boolean closed;

    public DrlogSink(DrlogOptions options) {
        this(options, Clock.systemUTC());
    }

    /** A sink whose rotations and timestamps follow {@code clock}. */
    public DrlogSink(DrlogOptions options, Clock clock) {
        this.dir = options.dir();
        this.maxSize = options.maxSize();
        this.maxTime = options.maxTimeSeconds();
        this.rotating = maxSize > 0 && maxTime > 0;
        this.durable = !options.buffered();
        this.clock = clock;
        this.current = AppendFile.at(dir.resolve(CURRENT), FILE_MODE);
        this.stamp = new PeriodStamp(dir);
        this.rotated = new RotatedLogs(dir, options.maxFiles());
        this.format = new LineFormat(options.timestamp(), null, options.skipEmpty(), clock);
        this.batch = new LineBatch(format, LineBatch.DEFAULT_CAPACITY);
    }

    @Override
    protected void acceptLines(byte[] buf, int off, int len) throws IOException {
        long now = Math.floorDiv(clock.millis(), 1000L);
        format.startBatch();
        int end = off + len;
        try {
            if (!current.isOpen()) {
                open(now, false);
            }
            for (int p = off; p < end; ) {
                int next = endOfLine(buf, p, end) + 1;
                if (rotationDue(now)) {
                    batch.flush(current);
                    rotate(now);
                }
                size += batch.add(buf, p, next - p, current);
                p = next;
            }
            batch.flush(current);
        } catch (IOException e) {
            batch.discard();
            throw e;
        }
        if (durable) {
            current.sync();
        }
    }

    /** Syncs and closes {@code current}; the next line reopens it (and re-reads the directory). */
    @Override
    public void reopen() throws IOException {
        current.close(true);
        rotated.forget();
    }

    /**
     * Syncs and closes {@code current}. At the first close, a {@code current} that is not open
     * (no line came, or none since a HUP) is opened first, creating it and {@code .timestamp}
     * when missing, as DMon's drlog does at its end.
     */
    @Override
    public void close() throws IOException {
        if (!closed && !current.isOpen()) {
            closed = true;
            open(Math.floorDiv(clock.millis(), 1000L), false);
        }
        closed = true;
        current.close(true);
    }

    private boolean rotationDue(long now) {
        return rotating && (size >= maxSize || now > periodStart + maxTime);
    }

    private void rotate(long now) throws IOException {
        current.close(durable);
        rotated.rotate(dir.resolve(CURRENT), now);
        open(now, true);
    }

    /** Opens current; {@code fresh}: it was just rotated away, so its period starts now. */
    private void open(long now, boolean fresh) throws IOException {
        if (!fresh) {
            ensureDirectory();
        }
        size = current.open();
        // An empty current starts its period now, whatever an old .timestamp says: DMon would rotate
        // it at once and leave an empty rotated file.
        long started = fresh || size == 0 ? stamp.restart(now) : stamp.readOrCreate(now);
        periodStart = maxTime > 0 ? started - Math.floorMod(started, maxTime) : started;
    }

    private void ensureDirectory() throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        if (Files.exists(dir)) {
            throw new IOException("output path is not a directory: " + dir);
        }
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(DIR_MODE)));
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw new IOException("output path is not a directory: " + dir, e);
            }
        } catch (IOException e) {
            throw IoMessages.failed("cannot create log directory", dir, e);
        }
    }
}
