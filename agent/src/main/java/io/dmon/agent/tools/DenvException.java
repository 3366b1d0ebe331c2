package io.dmon.agent.tools;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Why denv cannot run the command: bad arguments, an unreadable -d or -f, or a failed exec. The
 * message is the whole line after {@code "denv: "}; denv then exits 111 (DMon's status for a
 * failure of its own, so a supervisor can tell it from the command's).
 */
final class DenvException extends Exception {
    private static final long serialVersionUID = 1L;

    DenvException(String message) {
        super(message, null, false, false);
    }

    /** {@code "<what>: <reason>."}, with the reason as strerror(3) would word it. */
    static DenvException io(String what, IOException e) {
        return new DenvException(what + ": " + reason(e) + ".");
    }

    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof NotDirectoryException) {
            return "Not a directory";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            // The JDK puts the strerror text of the failed call here.
            return fse.getReason();
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
