package io.dmon.containers;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.List;

/**
 * Which coordinator an agent dials first, by the agent's own rule (rendezvous hashing of its name
 * with each address, the agent's {@code CoordinatorOrder}), so a test can name an agent that
 * prefers a given coordinator. A test relying on it checks the session holder it then sees, so
 * a change of the rule fails with that, not silently.
 */
final class AgentPreference {
    private AgentPreference() {
    }

    /** The first choice of agent {@code agent} among {@code coordinators} (names, each dialled at port GRPC). */
    static String firstChoice(String agent, List<String> coordinators) {
        return coordinators.stream()
                .sorted(Comparator.comparingLong((String c) -> weight(agent, c + ":" + BenchContainers.GRPC)).reversed()
                        .thenComparing(c -> c + ":" + BenchContainers.GRPC))
                .findFirst().orElseThrow();
    }

    /** The first of {@code prefix1, prefix2, ...} that prefers {@code coordinator}. */
    static String nameFirstChoosing(String prefix, String coordinator, List<String> coordinators) {
        for (int i = 1; i < 1000; i++) {
            if (firstChoice(prefix + i, coordinators).equals(coordinator)) {
                return prefix + i;
            }
        }
        throw new IllegalStateException("no name " + prefix + "N prefers " + coordinator);
    }

    private static long weight(String name, String address) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(name.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(address.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(sha.digest()).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
