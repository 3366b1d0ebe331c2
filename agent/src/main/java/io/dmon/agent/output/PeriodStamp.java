package io.dmon.agent.output;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;

/**
 * drlog's {@code DIR/.timestamp}: when the current file was started, as decimal seconds since the
 * epoch and a newline (DMon's {@code "%lu\n"}). It outlives drlog, so a restarted drlog keeps the
 * period of the file it appends to; it is removed at each rotation and rewritten with the next file.
 */
final class PeriodStamp {
    static final String NAME = ".timestamp";

    private final Path path;

    PeriodStamp(Path dir) {
        this.path = dir.resolve(NAME);
    }

    /** The stored start time, or, when there is none or it cannot be read as a number, {@code now} (then stored). */
    long readOrCreate(long now) throws IOException {
        long stored = read();
        if (stored >= 0) {
            return stored;
        }
        write(now);
        return now;
    }

    /**
     * A new file starts now. Like DMon, the old stamp is unlinked and a new one created rather than
     * truncated in place: on ext4 truncating a file with data costs several times more, and a tiny
     * {@code -s} rotates thousands of times a second.
     */
    long restart(long now) throws IOException {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw IoMessages.failed("cannot remove", path, e);
        }
        write(now);
        return now;
    }

    private long read() throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return -1;
        } catch (IOException e) {
            throw IoMessages.failed("cannot read", path, e);
        }
        // Like fscanf("%llu"): leading blanks, then digits; anything else means "unreadable".
        int i = 0;
        while (i < bytes.length && Character.isWhitespace(bytes[i])) {
            i++;
        }
        long value = 0;
        int digits = 0;
        for (; i < bytes.length && bytes[i] >= '0' && bytes[i] <= '9' && digits < 18; i++, digits++) {
            value = value * 10 + (bytes[i] - '0');
        }
        return digits == 0 ? -1 : value;
    }

    private void write(long now) throws IOException {
        byte[] text = (now + "\n").getBytes(StandardCharsets.US_ASCII);
        try (SeekableByteChannel c = Files.newByteChannel(path,
                EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(DrlogSink.FILE_MODE)))) {
            ByteBuffer bb = ByteBuffer.wrap(text);
            while (bb.hasRemaining()) {
                c.write(bb);
            }
        } catch (IOException e) {
            throw IoMessages.failed("cannot write timestamp to", path, e);
        }
    }
}
