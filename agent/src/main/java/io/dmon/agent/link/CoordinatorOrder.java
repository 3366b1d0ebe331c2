package io.dmon.agent.link;

import io.dmon.wire.HostPort;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.List;

/**
 * The order in which one agent tries the coordinators: rendezvous (highest random weight) hashing
 * of the agent's name with each address. Every agent gets its own order, the same on every start
 * and whatever order the addresses were listed in, so a fleet given the same list spreads evenly
 * over it instead of piling onto its first address; and when a coordinator is missing, only the
 * agents that preferred it move, each to its own next choice, spread over the others.
 */
final class CoordinatorOrder {
    private CoordinatorOrder() {
    }

    /** The addresses, most preferred first, for the agent called {@code name}. */
    static List<HostPort> of(String name, List<HostPort> addresses) {
        return addresses.stream().distinct()
                .sorted(Comparator.comparingLong((HostPort a) -> weight(name, a)).reversed()
                        .thenComparing(HostPort::toString))
                .toList();
    }

    /** A weight uniform over the longs, a pure function of the name and the address. */
    static long weight(String name, HostPort address) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(name.getBytes(StandardCharsets.UTF_8));
            // A separator no host name or address contains, so ("ab", "c:1") and ("a", "bc:1") differ.
            sha.update((byte) 0);
            sha.update(address.toString().getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(sha.digest()).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
