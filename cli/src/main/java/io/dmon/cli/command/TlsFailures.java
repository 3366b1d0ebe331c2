package io.dmon.cli.command;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** How the tls commands describe a failed file operation: the kind and the file, in a few words. */
final class TlsFailures {
    private TlsFailures() {
    }

    static String describe(IOException e) {
        String file = e instanceof FileSystemException fs && fs.getFile() != null ? fs.getFile() + ": " : "";
        if (e instanceof AccessDeniedException) {
            return file + "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return file + "no such file or directory";
        }
        if (e instanceof NotDirectoryException) {
            return file + "not a directory";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return file + fs.getReason();
        }
        return file + e.getClass().getSimpleName();
    }
}
