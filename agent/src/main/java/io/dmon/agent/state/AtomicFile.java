package io.dmon.agent.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * Replaces a small file so that a crash leaves either its old or its new content: write a
 * temporary file beside it, fsync it, rename it over the old one, fsync the folder. The new file
 * is 0600 ({@link OwnerOnly}).
 */
public final class AtomicFile {
    private AtomicFile() {
    }

    /** Replaces {@code file} with {@code content}; one writer per file at a time. */
    public static void write(Path file, byte[] content) throws IOException {
        replace(file, content, true);
    }

    /**
     * Replaces {@code file} atomically for every process, but without waiting for the disk: a
     * killed agent finds the new content (the page cache survives it); only a kernel crash or a
     * power cut may leave the old content or an empty file. For what is cheap to lose and written
     * in bursts (a thousand pause records at once would cost two thousand fsyncs).
     */
    public static void writeUnsynced(Path file, byte[] content) throws IOException {
        replace(file, content, false);
    }

    private static void replace(Path file, byte[] content, boolean durable) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        // A leftover temporary file would keep its own mode through the rename: start afresh, 0600.
        Files.deleteIfExists(tmp);
        try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                OwnerOnly.fileMode())) {
            ByteBuffer buf = ByteBuffer.wrap(content);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            if (durable) {
                ch.force(true);
            }
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        if (durable) {
            syncFolder(file.getParent());
        }
    }

    /** Makes a rename or a deletion in {@code dir} durable. */
    public static void syncFolder(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some file systems refuse to sync a folder; the rename itself is still atomic there.
        }
    }
}
