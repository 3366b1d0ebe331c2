package io.dmon.cli;

/**
 * A failure the user sees as one line, {@code dmonctl: <message>}, and an exit status. Thrown
 * from anywhere in a command and turned into output in one place ({@link DmonCtl}), so that no
 * stack trace ever reaches the terminal.
 */
public final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;
    private final boolean quiet;

    public CliException(int exitCode, String message) {
        this(exitCode, message, false);
    }

    private CliException(int exitCode, String message, boolean quiet) {
        super(oneLine(message), null, false, false);
        this.exitCode = exitCode;
        this.quiet = quiet;
    }

    /**
     * Standard output is gone: end with {@link ExitCode#OUTPUT_CLOSED} and say nothing, as a
     * program killed by SIGPIPE would.
     */
    public static CliException outputClosed() {
        return new CliException(ExitCode.OUTPUT_CLOSED, "standard output closed", true);
    }

    /** True when nothing is to be printed for it. */
    public boolean quiet() {
        return quiet;
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
