package io.dmon.agent.output;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * One output file written with {@code O_APPEND}, opened lazily on the first write and closed on
 * {@link #close()} (after which the next write opens it again by name: rotation by rename works).
 * Standard output is the other kind: never opened, never closed, never synced.
 *
 * <p>{@link #sync()} forces the bytes to disk ({@code fdatasync}) only for regular files, as DMon
 * skips {@code fsync} for standard output and terminals (and it fails on pipes and devices).
 */
final class AppendFile {
    private static final Set<StandardOpenOption> OPEN_FLAGS =
            EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);

    private final Path path;
    private final FileAttribute<Set<PosixFilePermission>> createMode;
    private FileChannel channel;
    private boolean syncable;

    private AppendFile(Path path, FileAttribute<Set<PosixFilePermission>> createMode, FileChannel channel) {
        this.path = path;
        this.createMode = createMode;
        this.channel = channel;
    }

    /** A file created with {@code mode} (e.g. "rw-rw-rw-"), which the process umask narrows, like open(2). */
    static AppendFile at(Path path, String mode) {
        return new AppendFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode)), null);
    }

    /** The process's standard output (descriptor 1). */
    static AppendFile stdout() {
        return new AppendFile(null, null, Stdout.CHANNEL);
    }

    /** One channel for descriptor 1: each stream made on FileDescriptor.out stays attached to it for good. */
    private static final class Stdout {
        static final FileChannel CHANNEL = new FileOutputStream(FileDescriptor.out).getChannel();
    }

    boolean isOpen() {
        return channel != null;
    }

    /** Opens the file now if it is not open; returns its size. */
    long open() throws IOException {
        if (channel == null) {
            try {
                channel = FileChannel.open(path, OPEN_FLAGS, createMode);
            } catch (IOException e) {
                throw IoMessages.failed("cannot open", path, e);
            }
            syncable = Files.isRegularFile(path);
        }
        return path == null ? 0 : channel.size();
    }

    /** Writes all of {@code b[off, off+len)}. */
    void write(byte[] b, int off, int len) throws IOException {
        if (len <= 0) {
            return;
        }
        open();
        ByteBuffer bb = ByteBuffer.wrap(b, off, len);
        try {
            while (bb.hasRemaining()) {
                channel.write(bb);
            }
        } catch (IOException e) {
            throw IoMessages.failed("cannot write to", path == null ? "standard output" : path, e);
        }
    }

    /** Puts what was written on stable storage, where that means something (a regular file). */
    void sync() throws IOException {
        if (channel != null && syncable) {
            try {
                channel.force(false);
            } catch (IOException e) {
                throw IoMessages.failed("cannot sync", path, e);
            }
        }
    }

    /** Closes the file, syncing it first if asked; the next write reopens it by name. Standard output stays open. */
    void close(boolean sync) throws IOException {
        if (channel == null || path == null) {
            return;
        }
        FileChannel c = channel;
        channel = null;
        try (c) {
            if (sync && syncable) {
                c.force(false);
            }
        }
    }
}
