package io.dmon.cli;

import io.grpc.Status;

/**
 * dmonctl's exit statuses. Distinct per kind of failure so that scripts can tell "the job is not
 * there" from "no coordinator answered"; {@code dmonctl run -n} instead exits with the job's own
 * status once the job has started, as {@code dmon -n} does.
 */
public final class ExitCode {
    /** Done. */
    public static final int OK = 0;
    /** Any other failure, or (with {@code run -n}) a job that did not exit normally. */
    public static final int FAILURE = 1;
    /** Bad command line or bad input, ours or as the coordinator judged it (INVALID_ARGUMENT). */
    public static final int USAGE = 2;
    /** A job, host or gate that does not exist, or a selector matching no host or job (NOT_FOUND). */
    public static final int NOT_FOUND = 3;
    /** No coordinator answered in time: all were unavailable or the deadline passed. */
    public static final int UNAVAILABLE = 4;
    /** The request conflicts with the current state (ALREADY_EXISTS, FAILED_PRECONDITION, ABORTED). */
    public static final int CONFLICT = 5;
    /** The caller's certificate lacks the role the call needs, or names another host (PERMISSION_DENIED). */
    public static final int PERMISSION_DENIED = 6;
    /** The coordinator could not tell who is calling: a certificate that names no dmon principal (UNAUTHENTICATED). */
    public static final int UNAUTHENTICATED = 7;
    /** {@code run -n} was interrupted with Ctrl-C (128 + SIGINT, as a shell reports it). */
    public static final int INTERRUPTED = 130;
    /** {@code run -n} ended by SIGHUP (128 + 1). */
    public static final int HANGUP = 129;
    /** {@code run -n} ended by SIGTERM (128 + 15). */
    public static final int TERMINATED = 143;
    /**
     * Standard output was closed under us ({@code dmonctl logs -f | head}): 128 + SIGPIPE, what a
     * shell shows for a C program killed by it. The JVM ignores SIGPIPE, so we end ourselves.
     */
    public static final int OUTPUT_CLOSED = 141;

    private ExitCode() {
    }

    /** The exit status for a call that failed with {@code code}. */
    public static int forStatus(Status.Code code) {
        return switch (code) {
            case INVALID_ARGUMENT, OUT_OF_RANGE -> USAGE;
            case NOT_FOUND -> NOT_FOUND;
            case UNAVAILABLE, DEADLINE_EXCEEDED -> UNAVAILABLE;
            case ALREADY_EXISTS, FAILED_PRECONDITION, ABORTED -> CONFLICT;
            case PERMISSION_DENIED -> PERMISSION_DENIED;
            case UNAUTHENTICATED -> UNAUTHENTICATED;
            default -> FAILURE;
        };
    }

    /** The text --help shows for these statuses. */
    static String[] helpLines() {
        return new String[] {
            "  0    done",
            "  1    other failure",
            "       (run -n: the job's own exit status instead; 1 if it did not exit normally)",
            "  2    bad command line or input (also INVALID_ARGUMENT from the coordinator)",
            "  3    no such job, host or gate; no UP host or no job matches (NOT_FOUND)",
            "  4    no coordinator answered: all unavailable, or no answer within --timeout",
            "  5    conflict: name (job, gate) already taken, or a precondition failed",
            "  6    permission denied: the certificate's role may not make this call",
            "  7    unauthenticated: the coordinator found no dmon principal in the certificate",
            "  129  run -n ended by SIGHUP (the job was asked to stop)",
            "  130  run -n interrupted with Ctrl-C (the job was asked to stop)",
            "  143  run -n ended by SIGTERM (the job was asked to stop)",
            "  141  standard output was closed (as by SIGPIPE: logs -f | head)",
        };
    }
}
