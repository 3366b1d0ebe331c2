package io.dmon.coordinator.fleet;

/**
 * The {@link Rejection}s a request can meet, by reason, each with a one-line message. The
 * services throw them; how they reach the caller is the gRPC edge's business.
 */
public final class RpcErrors {
    private RpcErrors() {
    }

    public static Rejection invalid(String message) {
        return new Rejection(Rejection.Reason.INVALID, message);
    }

    public static Rejection notFound(String message) {
        return new Rejection(Rejection.Reason.NOT_FOUND, message);
    }

    public static Rejection failedPrecondition(String message) {
        return new Rejection(Rejection.Reason.FAILED_PRECONDITION, message);
    }

    public static Rejection alreadyExists(String message) {
        return new Rejection(Rejection.Reason.ALREADY_EXISTS, message);
    }
}
