package io.dmon.agent.output;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns Java's file exceptions into the strerror-like reasons our one-line messages end with
 * ({@code NoSuchFileException} says only the path; users expect "No such file or directory").
 */
public final class IoMessages {
    private static final Pattern PATH_AND_REASON = Pattern.compile(".* \\((.+)\\)");

    private IoMessages() {
    }

    /** Why {@code e} happened, without the path: "No such file or directory", "Permission denied"... */
    public static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof NotDirectoryException) {
            return "Not a directory";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "File exists";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "Directory not empty";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        if (e instanceof FileNotFoundException && e.getMessage() != null) {
            // java.io says "path (reason)"
            Matcher m = PATH_AND_REASON.matcher(e.getMessage());
            if (m.matches()) {
                return m.group(1);
            }
        }
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }

    /** {@code what 'path': reason}, the shape of DMon's messages. */
    static IOException failed(String what, Object path, IOException cause) {
        return new IOException(what + " '" + path + "': " + reason(cause), cause);
    }
}
