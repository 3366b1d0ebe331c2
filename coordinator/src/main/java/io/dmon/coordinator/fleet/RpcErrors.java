package io.dmon.coordinator.fleet;

import io.dmon.wire.OneLine;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import java.lang.System.Logger.Level;
import java.util.concurrent.CancellationException;

/**
 * Maps what a service call threw to the {@link Status} its caller sees, with a one-line
 * description. Bad input is thrown as a {@link StatusRuntimeException} by the code that found it
 * and passes unchanged; anything else is the coordinator's trouble and is logged once here.
 */
public final class RpcErrors {
    private static final System.Logger LOG = System.getLogger(RpcErrors.class.getName());

    private RpcErrors() {
    }

    public static StatusRuntimeException invalid(String message) {
        return Status.INVALID_ARGUMENT.withDescription(OneLine.of(message)).asRuntimeException();
    }

    public static StatusRuntimeException notFound(String message) {
        return Status.NOT_FOUND.withDescription(OneLine.of(message)).asRuntimeException();
    }

    public static StatusRuntimeException failedPrecondition(String message) {
        return Status.FAILED_PRECONDITION.withDescription(OneLine.of(message)).asRuntimeException();
    }

    public static StatusRuntimeException alreadyExists(String message) {
        return Status.ALREADY_EXISTS.withDescription(OneLine.of(message)).asRuntimeException();
    }

    /** The status for a failure of {@code what} (the call's name, for the log). */
    public static Status toStatus(String what, Throwable failure) {
        if (failure instanceof StatusRuntimeException e) {
            return e.getStatus().withDescription(OneLine.of(e.getStatus().getDescription()));
        }
        if (failure instanceof StatusException e) {
            return e.getStatus().withDescription(OneLine.of(e.getStatus().getDescription()));
        }
        if (failure instanceof CancellationException) {
            return Status.CANCELLED.withDescription("cancelled");
        }
        if (failure instanceof IllegalStateException) {
            // Hazelcast reports a member that is shutting down or lost its cluster this way.
            LOG.log(Level.WARNING, what + ": store unavailable: " + oneLine(failure));
            return Status.UNAVAILABLE.withDescription("coordinator store unavailable: " + oneLine(failure));
        }
        LOG.log(Level.ERROR, what + " failed", failure);
        return Status.INTERNAL.withDescription("internal error in " + what + ": " + oneLine(failure));
    }

    private static String oneLine(Throwable failure) {
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        return OneLine.of(message.lines().findFirst().orElse(""));
    }
}
