package io.dmon.coordinator.auth;

import io.dmon.coordinator.audit.AuditLog;
import io.dmon.coordinator.audit.AuditRecord;
import io.dmon.trust.Principal;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Turns each call's client certificate into its {@link Caller}, put in the call's context. A TLS
 * call whose certificate names no principal (none, several, a malformed one) is refused with
 * UNAUTHENTICATED and audited. A call without TLS gets {@link Caller#plaintext()} when this
 * coordinator listens in plaintext ({@code --dev}, {@code --insecure}), and is refused otherwise:
 * whether plaintext is allowed is this interceptor's own setting, never inferred from the call.
 */
public final class PrincipalInterceptor implements ServerInterceptor {
    private final boolean plaintextAllowed;
    private final AuditLog audit;
    private final Clock clock;

    /**
     * @param plaintextAllowed whether calls without a TLS session are served (as {@link Caller#PLAINTEXT})
     * @param audit            where refused calls are recorded
     */
    public PrincipalInterceptor(boolean plaintextAllowed, AuditLog audit, Clock clock) {
        this.plaintextAllowed = plaintextAllowed;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
            ServerCallHandler<ReqT, RespT> next) {
        SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
        Caller caller;
        if (session == null) {
            if (!plaintextAllowed) {
                return refuse(call, "this coordinator takes only mutual TLS");
            }
            caller = Caller.plaintext();
        } else {
            Optional<Principal> principal = peerPrincipal(session);
            if (principal.isEmpty()) {
                return refuse(call, "the client certificate names no dmon principal (URI dmon://ROLE/NAME)");
            }
            caller = new Caller(principal.get(), true);
        }
        return Contexts.interceptCall(Context.current().withValue(Caller.KEY, caller), call, headers, next);
    }

    private static Optional<Principal> peerPrincipal(SSLSession session) {
        Certificate[] chain;
        try {
            chain = session.getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
        if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
            return Optional.empty();
        }
        return Principal.of(leaf);
    }

    private <ReqT, RespT> ServerCall.Listener<ReqT> refuse(ServerCall<ReqT, RespT> call, String why) {
        Status status = Status.UNAUTHENTICATED.withDescription(why);
        audit.write(AuditRecord.of(clock, call, "none", "", status));
        call.close(status, new Metadata());
        return new ServerCall.Listener<>() {
        };
    }
}
