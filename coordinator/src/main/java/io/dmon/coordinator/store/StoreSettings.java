package io.dmon.coordinator.store;

import java.util.List;
import java.util.Objects;

/**
 * How this coordinator's store member joins the cluster and sizes what it keeps.
 *
 * @param clusterName   members join only a cluster of the same name ({@code dmon})
 * @param host          the address the member binds and announces; a wildcard address binds all
 *                      interfaces and lets Hazelcast pick the one it announces
 * @param port          the member port, used as given (no auto-increment)
 * @param peers         the other members as {@code host:port}; this member joins them over TCP-IP
 * @param backupCount   synchronous backups of every map and ring (0 to 6)
 * @param logCapacity   lines kept per job
 * @param logLineBytes  bytes of one line kept in a job's ring at most (the rest is cut from the
 *                      ring's copy): bounds each ring to {@code logCapacity * logLineBytes} bytes
 * @param eventCapacity events kept for the whole fleet
 * @param grpcAddress   the coordinator's gRPC address, announced to the other members (a member
 *                      attribute, so every member can list where each coordinator is reached)
 * @param startedUnixMs the coordinator's start, announced the same way
 * @param allowPublic   {@code --hazelcast-public}: bind and dial public addresses too (see {@link MemberAddresses})
 */
public record StoreSettings(String clusterName, String host, int port, List<String> peers, int backupCount,
        int logCapacity, int logLineBytes, int eventCapacity, String grpcAddress, long startedUnixMs,
        boolean allowPublic) {
    public StoreSettings {
        Objects.requireNonNull(clusterName, "clusterName");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(grpcAddress, "grpcAddress");
        peers = List.copyOf(peers);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("bad member port " + port);
        }
        if (backupCount < 0 || backupCount > 6) {
            throw new IllegalArgumentException("backup count " + backupCount + " is not in 0..6");
        }
        if (logCapacity < 1 || eventCapacity < 1 || logLineBytes < 1) {
            throw new IllegalArgumentException("capacities must be positive");
        }
    }

    /** Settings of a member that announces no gRPC address (a store on its own, in tests). */
    public StoreSettings(String clusterName, String host, int port, List<String> peers, int backupCount,
            int logCapacity, int eventCapacity) {
        this(clusterName, host, port, peers, backupCount, logCapacity, Integer.MAX_VALUE, eventCapacity, "",
                System.currentTimeMillis(), false);
    }

    /** The bytes of one line a ring keeps at most when a ring of {@code lines} may hold {@code bytes}. */
    public static int lineShare(long bytes, int lines) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(256, bytes / lines));
    }
}
