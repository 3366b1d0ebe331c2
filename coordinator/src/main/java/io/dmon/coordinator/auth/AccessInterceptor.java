package io.dmon.coordinator.auth;

import io.dmon.coordinator.audit.AuditLog;
import io.dmon.coordinator.audit.AuditRecord;
import io.dmon.trust.Role;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.time.Clock;
import java.util.Optional;

/**
 * Lets a call through only when its {@link Caller} has the role the {@link RoleMatrix} says its
 * method needs; refuses it otherwise with PERMISSION_DENIED naming that role, before its request
 * is read, and audits the refusal. A call with no caller in its context (no
 * {@link PrincipalInterceptor} ran before this one) is refused too.
 */
public final class AccessInterceptor implements ServerInterceptor {
    private final AuditLog audit;
    private final Clock clock;

    public AccessInterceptor(AuditLog audit, Clock clock) {
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
            ServerCallHandler<ReqT, RespT> next) {
        Access access = RoleMatrix.of(call.getMethodDescriptor().getFullMethodName());
        if (access == Access.OPEN) {
            return next.startCall(call, headers);
        }
        Optional<Caller> caller = Caller.current();
        Optional<Role> needed = access.role();
        if (caller.isPresent() && needed.isPresent() && caller.get().may(needed.get())) {
            return next.startCall(call, headers);
        }
        String why = needed.map(role -> "permission denied: this call needs the " + role.word() + " role"
                + caller.map(c -> ", not " + c.principal().role().word()).orElse(""))
                .orElse("permission denied: this call is open to no one");
        Status status = Status.PERMISSION_DENIED.withDescription(why);
        audit.write(AuditRecord.of(clock, call, caller.map(Caller::audited).orElse("none"), "", status));
        call.close(status, new Metadata());
        return new ServerCall.Listener<>() {
        };
    }
}
