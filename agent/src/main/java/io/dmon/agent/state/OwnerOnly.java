package io.dmon.agent.state;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Folders (0700) and files (0600) that only the agent's own user may read: the state directory
 * holds the jobs' {@code -E} values (in the assignment) and their output (in the spools). Modes
 * are given at creation, so no file is readable by others for even a moment; the umask can only
 * make them stricter.
 */
public final class OwnerOnly {
    static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    static final FileAttribute<Set<PosixFilePermission>> DIR = PosixFilePermissions.asFileAttribute(DIR_MODE);
    private static final FileAttribute<Set<PosixFilePermission>> FILE = PosixFilePermissions.asFileAttribute(FILE_MODE);

    private OwnerOnly() {
    }

    /** The attribute that creates a file 0600. */
    public static FileAttribute<Set<PosixFilePermission>> fileMode() {
        return FILE;
    }

    /** Creates {@code dir} 0700 when missing (its parent must exist); an existing one is left as it is. */
    public static void createDirectory(Path dir) throws IOException {
        try {
            Files.createDirectory(dir, DIR);
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw e;
            }
        }
    }

    /** Creates {@code file} empty and 0600 when missing; an existing one is left as it is. */
    public static void createFile(Path file) throws IOException {
        try {
            Files.createFile(file, FILE);
        } catch (FileAlreadyExistsException e) {
            // appended to as it is
        }
    }

    /**
     * Sets {@code path} to 0700 (a folder) or 0600 (anything else) when it allows more; symbolic
     * links are left alone (their mode means nothing, and what they point at is not ours).
     *
     * @return the mode it had, as {@code rwxr-xr-x}, when it was changed; null when it was already tight
     */
    static String tighten(Path path) throws IOException {
        if (Files.isSymbolicLink(path)) {
            return null;
        }
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
        Set<PosixFilePermission> allowed = Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) ? DIR_MODE : FILE_MODE;
        if (allowed.containsAll(mode)) {
            return null;
        }
        Files.setPosixFilePermissions(path, allowed);
        return PosixFilePermissions.toString(mode);
    }

    /**
     * Tightens {@code dir} and everything below it ({@link #tighten}); returns how many were changed.
     * For what older agents wrote before the modes were set.
     */
    static int tightenTree(Path dir) throws IOException {
        int changed = tighten(dir) == null ? 0 : 1;
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return changed;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                changed += tightenTree(entry);
            }
        }
        return changed;
    }
}
