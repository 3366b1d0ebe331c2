package io.dmon.coordinator.auth;

import io.dmon.coordinator.audit.AuditInterceptor;
import io.dmon.coordinator.audit.AuditLog;
import io.grpc.ServerBuilder;
import io.grpc.ServerInterceptor;
import java.time.Clock;
import java.util.List;

/**
 * What stands before every service of a coordinator, in the order a call meets it: the caller is
 * named ({@link PrincipalInterceptor}), checked against the role its method needs
 * ({@link AccessInterceptor}), and, for a call that changes something, recorded when it ends
 * ({@link AuditInterceptor}). Applied to the whole server, so a service bound later is guarded too.
 */
public final class CallGuard {
    private final List<ServerInterceptor> outermostFirst;

    /**
     * @param plaintextAllowed whether calls without TLS are served: true only for a plaintext
     *                         listener ({@code --dev}, {@code --insecure})
     */
    public CallGuard(boolean plaintextAllowed, AuditLog audit, Clock clock) {
        this.outermostFirst = List.of(
                new PrincipalInterceptor(plaintextAllowed, audit, clock),
                new AccessInterceptor(audit, clock),
                new AuditInterceptor(audit, clock, method -> RoleMatrix.of(method).audited(),
                        () -> Caller.current().map(Caller::audited).orElse("none")));
    }

    /** Installs the guard on {@code builder}; it must see every call the server serves. */
    public void applyTo(ServerBuilder<?> builder) {
        // A builder runs the interceptor added last first.
        for (int i = outermostFirst.size() - 1; i >= 0; i--) {
            builder.intercept(outermostFirst.get(i));
        }
    }
}
