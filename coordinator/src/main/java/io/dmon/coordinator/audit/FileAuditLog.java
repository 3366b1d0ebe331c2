package io.dmon.coordinator.audit;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The audit log in a file: JSON lines, appended, the file readable by its owner only (0600, set
 * again on open: it names who did what from where). A failed write logs one warning, and one more
 * once writing works again; the calls it records go on either way. Thread-safe.
 */
public final class FileAuditLog implements AuditLog {
    private static final System.Logger LOG = System.getLogger(FileAuditLog.class.getName());
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path path;
    private final FileChannel channel;
    private boolean failing;

    private FileAuditLog(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    /**
     * Opens (creating it 0600 when absent) {@code path} for appending.
     *
     * @throws IOException with a one-line message when it cannot be opened or made owner-only
     */
    public static FileAuditLog open(Path path) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(path, Set.of(StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (IOException | UnsupportedOperationException e) {
            throw new IOException("cannot open audit log " + path + ": " + reason(e), e);
        }
        try {
            Files.setPosixFilePermissions(path, OWNER_ONLY);
        } catch (IOException | UnsupportedOperationException e) {
            channel.close();
            throw new IOException("cannot make audit log " + path + " owner-only (0600): " + reason(e), e);
        }
        return new FileAuditLog(path, channel);
    }

    @Override
    public synchronized void write(AuditRecord record) {
        ByteBuffer line = ByteBuffer.wrap((record.json() + "\n").getBytes(StandardCharsets.UTF_8));
        try {
            while (line.hasRemaining()) {
                channel.write(line);
            }
            if (failing) {
                failing = false;
                LOG.log(Level.WARNING, "audit log " + path + " is written again");
            }
        } catch (IOException e) {
            if (!failing) {
                failing = true;
                LOG.log(Level.WARNING, "audit log " + path + ": cannot write (" + reason(e)
                        + "); calls go on unrecorded until it can");
            }
        }
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "audit log " + path + ": " + reason(e));
        }
    }

    private static String reason(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
