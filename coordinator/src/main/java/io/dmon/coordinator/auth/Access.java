package io.dmon.coordinator.auth;

import io.dmon.trust.Role;
import java.util.Optional;

/** What a method needs of its caller: a role, or nothing (health), or it is never allowed. */
public enum Access {
    /** Anyone who completed the handshake: the health service. */
    OPEN(null),
    /** The agent session: an agent's certificate (and only under its own host name). */
    AGENT(Role.AGENT),
    /** Reads: viewer, operator or admin. */
    READ(Role.VIEWER),
    /** Changes jobs or gates: operator or admin; recorded in the audit log. */
    CHANGE(Role.OPERATOR),
    /** Not in the table: refused to everyone, plaintext included. */
    DENIED(null);

    private final Role role;

    Access(Role role) {
        this.role = role;
    }

    /** The role a caller needs; empty for {@link #OPEN} and {@link #DENIED}. */
    public Optional<Role> role() {
        return Optional.ofNullable(role);
    }

    /** Whether calls of such a method are recorded in the audit log whatever their outcome. */
    public boolean audited() {
        return this == CHANGE;
    }
}
