package io.dmon.cli;

/**
 * A failure the user sees as one line, {@code dmonctl: <message>}, and an exit status. Thrown
 * from anywhere in a command and turned into output in one place ({@link DmonCtl}), so that no
 * stack trace ever reaches the terminal.
 */
public final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    public CliException(int exitCode, String message) {
        super(oneLine(message), null, false, false);
        this.exitCode = exitCode;
    }

    /** Bad command-line input: exit status {@link ExitCode#USAGE}. */
    public static CliException usage(String message) {
        return new CliException(ExitCode.USAGE, message);
    }

    public int exitCode() {
        return exitCode;
    }

    /** Server messages may span lines; the promise is one line. */
    private static String oneLine(String message) {
        if (message == null || message.isBlank()) {
            return "failed";
        }
        return message.strip().replaceAll("\\s*[\\r\\n]+\\s*", "; ");
    }
}
