package io.dmon.agent.spool;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads the records of one segment file in order, through a buffer (one read call per 64 KiB,
 * not two per line). Stops at {@code end}, the bytes known to hold whole records.
 */
final class SegmentReader implements Closeable {
    private static final int BUFFER = 64 * 1024;

    private final FileChannel channel;
    private ByteBuffer buf = ByteBuffer.allocate(BUFFER).flip();
    /** The file position just after the buffered bytes. */
    private long filePos;

    SegmentReader(Path file) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
    }

    /** Where the next record starts. */
    long offset() {
        return filePos - buf.remaining();
    }

    /**
     * The next record, or null when {@link #offset()} reached {@code end}.
     *
     * @throws EOFException when the file ends inside a record (a torn tail)
     * @throws com.google.protobuf.InvalidProtocolBufferException when a record is not a line's
     */
    SpooledLine next(long end) throws IOException {
        if (offset() >= end) {
            return null;
        }
        fill((int) Math.min(5, end - offset()));
        int size = readVarint();
        fill(size);
        ByteBuffer record = buf.slice(buf.position(), size);
        buf.position(buf.position() + size);
        return LineRecord.read(record);
    }

    private int readVarint() throws IOException {
        int value = 0;
        for (int shift = 0; shift < 32; shift += 7) {
            if (!buf.hasRemaining()) {
                throw new EOFException("segment ends inside a record length");
            }
            byte b = buf.get();
            value |= (b & 0x7f) << shift;
            if (b >= 0) {
                if (value < 0) {
                    throw new IOException("bad record length " + value);
                }
                return value;
            }
        }
        throw new IOException("bad record length");
    }

    /** Makes at least {@code n} bytes available in the buffer. */
    private void fill(int n) throws IOException {
        if (buf.remaining() >= n) {
            return;
        }
        if (buf.capacity() < n) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(n, buf.capacity() * 2));
            bigger.put(buf).flip();
            buf = bigger;
        } else {
            buf.compact().flip();
        }
        while (buf.remaining() < n) {
            buf.position(buf.limit()).limit(buf.capacity());
            int read = channel.read(buf, filePos);
            buf.flip();
            if (read < 0) {
                throw new EOFException("segment ends inside a record");
            }
            filePos += read;
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
