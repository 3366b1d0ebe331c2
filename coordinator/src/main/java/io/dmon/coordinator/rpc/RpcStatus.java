package io.dmon.coordinator.rpc;

import io.dmon.coordinator.fleet.Rejection;
import io.dmon.wire.OneLine;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import java.lang.System.Logger.Level;
import java.util.concurrent.CancellationException;

/**
 * Maps what a service call threw to the {@link Status} its caller sees, with a one-line
 * description: the one place where failures become gRPC statuses. A {@link Rejection} is the
 * caller's problem and maps by its reason; anything else is the coordinator's trouble and is
 * logged once here.
 */
public final class RpcStatus {
    private static final System.Logger LOG = System.getLogger(RpcStatus.class.getName());

    private RpcStatus() {
    }

    /** The status for a failure of {@code what} (the call's name, for the log). */
    public static Status of(String what, Throwable failure) {
        if (failure instanceof Rejection r) {
            Status status = switch (r.reason()) {
                case INVALID -> Status.INVALID_ARGUMENT;
                case NOT_FOUND -> Status.NOT_FOUND;
                case FAILED_PRECONDITION -> Status.FAILED_PRECONDITION;
                case ALREADY_EXISTS -> Status.ALREADY_EXISTS;
            };
            return status.withDescription(OneLine.of(r.getMessage()));
        }
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
