package io.dmon.cli.client;

import io.dmon.cli.CliException;
import io.dmon.cli.ExitCode;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns failed calls into one-line {@link CliException}s with the exit status of
 * {@link ExitCode#forStatus}, and collects why each coordinator could not be reached.
 */
final class CallFailures {
    private final Map<String, String> unreachable = new LinkedHashMap<>();

    /** Remembers that {@code address} could not be used, and why. */
    void add(String address, String reason) {
        unreachable.put(address, reason);
    }

    boolean tried(String address) {
        return unreachable.containsKey(address);
    }

    /** Exit status 4, naming every address tried and why it failed. */
    CliException allUnavailable(List<String> addresses) {
        List<String> parts = new ArrayList<>();
        for (String address : addresses) {
            parts.add(address + " (" + unreachable.getOrDefault(address, "not tried: out of time") + ")");
        }
        return new CliException(ExitCode.UNAVAILABLE, "no coordinator answered: " + String.join(", ", parts));
    }

    /** The failure of a call that reached the coordinator at {@code address}. */
    static CliException answered(StatusRuntimeException e, String address, Duration timeout) {
        Status status = e.getStatus();
        if (status.getCode() == Status.Code.DEADLINE_EXCEEDED) {
            return new CliException(ExitCode.UNAVAILABLE,
                    "coordinator " + address + " did not answer within " + Durations.text(timeout));
        }
        if (status.getCode() == Status.Code.UNAVAILABLE) {
            return new CliException(ExitCode.UNAVAILABLE, "coordinator " + address + " went away: " + reason(e));
        }
        String text = status.getDescription();
        String code = status.getCode().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        if (text == null || text.isBlank()) {
            text = code + " (from " + address + ")";
        } else if (!fromService(status.getCode())) {
            // Not an answer of the operator service (something else at that address, or a crash): say where.
            text = "coordinator " + address + ": " + code + ": " + text;
        }
        return new CliException(ExitCode.forStatus(status.getCode()), text);
    }

    /** Codes the operator service answers with on purpose; their descriptions speak for themselves. */
    private static boolean fromService(Status.Code code) {
        return switch (code) {
            case INVALID_ARGUMENT, NOT_FOUND, ALREADY_EXISTS, FAILED_PRECONDITION, ABORTED, OUT_OF_RANGE,
                    PERMISSION_DENIED, UNAUTHENTICATED, RESOURCE_EXHAUSTED -> true;
            default -> false;
        };
    }

    /** Why a call failed, shortest true answer first: the transport's own error, else the status. */
    static String reason(StatusRuntimeException e) {
        Throwable cause = e.getStatus().getCause();
        while (cause != null && cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        if (cause != null && cause.getMessage() != null && !cause.getMessage().isBlank()) {
            return cause.getMessage();
        }
        String description = e.getStatus().getDescription();
        return description == null || description.isBlank()
                ? e.getStatus().getCode().name().toLowerCase(java.util.Locale.ROOT) : description;
    }
}
