package io.dmon.coordinator.fleet;

/**
 * A request refused for a reason its sender can act on (bad input, an unknown name, a host that
 * is down, a name taken). Thrown by the code that found it, with a one-line message; the gRPC
 * edge turns it into a status in one place ({@code io.dmon.coordinator.rpc.RpcStatus}).
 */
public final class Rejection extends RuntimeException {
    /** Why the request was refused. */
    public enum Reason {
        /** The request itself is wrong. */
        INVALID,
        /** It names something that does not exist. */
        NOT_FOUND,
        /** The fleet is not in a state to do it now (a host DOWN, no agent). */
        FAILED_PRECONDITION,
        /** It would create something that exists already. */
        ALREADY_EXISTS
    }

    private final Reason reason;

    public Rejection(Reason reason, String message) {
        // No stack trace: a rejection is an answer, not a fault, and is never logged as one.
        super(message, null, false, false);
        this.reason = reason;
    }

    /** Why the request was refused. */
    public Reason reason() {
        return reason;
    }
}
