package io.dmon.coordinator.auth;

import io.dmon.trust.Principal;
import io.dmon.trust.Role;
import io.grpc.Context;
import java.util.Objects;
import java.util.Optional;

/**
 * Who makes the current call: the principal its client certificate names ({@code authenticated}),
 * or on a plaintext listener {@link #PLAINTEXT}, which nothing proves. {@link PrincipalInterceptor}
 * puts it in the call's {@link Context}; services read it with {@link #current()}.
 *
 * @param principal     who it is
 * @param authenticated true when a verified certificate named the principal
 */
public record Caller(Principal principal, boolean authenticated) {
    /**
     * The stand-in for every plaintext caller. Plaintext listens only on loopback ({@code --dev})
     * or behind {@code --insecure}, where whoever reaches the port is trusted with everything: an
     * admin, and (unlike any certified admin) also an agent of any host.
     */
    public static final Principal PLAINTEXT = new Principal(Role.ADMIN, "plaintext");

    static final Context.Key<Caller> KEY = Context.key("dmon-caller");

    public Caller {
        Objects.requireNonNull(principal);
    }

    /** The caller of a plaintext call. */
    public static Caller plaintext() {
        return new Caller(PLAINTEXT, false);
    }

    /** The caller of the call this thread serves; empty outside a call the interceptors saw. */
    public static Optional<Caller> current() {
        return Optional.ofNullable(KEY.get());
    }

    /** Whether this caller may make a call that needs {@code needed}: plaintext may make any. */
    public boolean may(Role needed) {
        return !authenticated || principal.role().satisfies(needed);
    }

    /**
     * The host an agent caller may register as: its certificate's name. Empty for plaintext, which
     * may register as any host.
     */
    public Optional<String> agentHost() {
        return authenticated && principal.role() == Role.AGENT ? Optional.of(principal.name()) : Optional.empty();
    }

    /**
     * Who asked, as events and desired state record it: the principal when a certificate proved it
     * ({@code operator/alice}), else what the client claims ({@code alice@ops1}), marked as unproven.
     */
    public String by(String claimed) {
        if (authenticated) {
            return principal.toString();
        }
        return (claimed == null || claimed.isBlank() ? "unknown" : claimed.strip()) + " (unauthenticated)";
    }

    /** How the audit log names the caller: {@code operator/alice}, or {@code plaintext}. */
    public String audited() {
        return authenticated ? principal.toString() : "plaintext";
    }

    /**
     * {@link #by} for the current call; a call that no interceptor saw (a service bound without
     * them) is unauthenticated.
     */
    public static String currentBy(String claimed) {
        return current().orElse(plaintext()).by(claimed);
    }
}
