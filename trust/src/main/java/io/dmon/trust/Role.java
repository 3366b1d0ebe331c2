package io.dmon.trust;

import java.util.Locale;
import java.util.Optional;

/**
 * What a certificate lets its holder do. The operator roles form a ladder (an admin may do what an
 * operator may, an operator what a viewer may); {@link #AGENT} and {@link #COORDINATOR} are
 * machine roles outside it, so an agent's key can never read another host's jobs and an
 * operator's can never impersonate a host.
 */
public enum Role {
    /** A host's agent: opens the agent session, under the host name its certificate names. */
    AGENT,
    /** A coordinator: what agents check they are talking to. */
    COORDINATOR,
    /** Reads: ps, hosts, logs, events, gate ls, cluster. */
    VIEWER,
    /** Also changes jobs: run, stop, restart, signal, pause, resume, gates. */
    OPERATOR,
    /** Everything. */
    ADMIN;

    /** True when a holder of this role may make a call that needs {@code needed}. */
    public boolean satisfies(Role needed) {
        if (this == needed) {
            return true;
        }
        return rank() > 0 && needed.rank() > 0 && rank() >= needed.rank();
    }

    /** The word in a principal URI and on the command line: {@code agent}, {@code operator}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role spelled {@code word} ({@code "operator"}), if there is one. */
    public static Optional<Role> ofWord(String word) {
        for (Role role : values()) {
            if (role.word().equals(word)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }

    private int rank() {
        return switch (this) {
            case VIEWER -> 1;
            case OPERATOR -> 2;
            case ADMIN -> 3;
            case AGENT, COORDINATOR -> 0;
        };
    }
}
