package io.dmon.coordinator;

import io.dmon.coordinator.fleet.JobQuota;
import io.dmon.coordinator.store.MemberAddresses;
import io.dmon.wire.HostPort;
import io.grpc.InsecureServerCredentials;
import io.grpc.ServerCredentials;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link CoordinatorNode} listens, joins its peers and sizes what it keeps. Built with
 * {@link #builder()}; every setting has the default of {@code dmon-coordinator}'s option.
 */
public final class CoordinatorConfig {
    /** The gRPC address when none is given. */
    public static final HostPort DEFAULT_LISTEN = new HostPort("127.0.0.1", 7700);
    public static final int DEFAULT_HAZELCAST_PORT = 5701;
    public static final int DEFAULT_BACKUP_COUNT = 1;
    public static final int DEFAULT_LOG_CAPACITY = 10_000;
    /** Bytes of lines kept per job by default: 64 MiB. */
    public static final long DEFAULT_LOG_CAPACITY_BYTES = 64L << 20;
    public static final int DEFAULT_EVENT_CAPACITY = 10_000;
    public static final String DEFAULT_CLUSTER_NAME = "dmon";
    public static final Duration DEFAULT_GATE_DOWN_GRACE = Duration.ofSeconds(30);

    private final HostPort listen;
    private final String hazelcastHost;
    private final int hazelcastPort;
    private final List<HostPort> peers;
    private final int backupCount;
    private final int logCapacity;
    private final long logCapacityBytes;
    private final int eventCapacity;
    private final String clusterName;
    private final ServerCredentials credentials;
    private final Duration followPoll;
    private final Duration gateDownGrace;
    private final JobQuota jobQuota;
    private final Path auditLog;
    private final boolean hazelcastPublic;
    private final HostPort metrics;

    private CoordinatorConfig(Builder b) {
        this.listen = b.listen;
        this.hazelcastHost = b.hazelcastHost;
        this.hazelcastPort = b.hazelcastPort;
        this.peers = List.copyOf(b.peers);
        this.backupCount = b.backupCount;
        this.logCapacity = b.logCapacity;
        this.logCapacityBytes = b.logCapacityBytes;
        this.eventCapacity = b.eventCapacity;
        this.clusterName = b.clusterName;
        this.credentials = b.credentials;
        this.followPoll = b.followPoll;
        this.gateDownGrace = b.gateDownGrace;
        this.jobQuota = b.jobQuota;
        this.auditLog = b.auditLog;
        this.hazelcastPublic = b.hazelcastPublic;
        this.metrics = b.metrics;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Where the gRPC server listens; port 0 takes any free port (see {@link CoordinatorNode#grpcAddress()}). */
    public HostPort listen() {
        return listen;
    }

    /** The address the Hazelcast member binds and announces: the listen host unless set apart. */
    public String hazelcastHost() {
        return Optional.ofNullable(hazelcastHost).orElse(listen.host());
    }

    public int hazelcastPort() {
        return hazelcastPort;
    }

    /** The other coordinators' Hazelcast members. */
    public List<HostPort> peers() {
        return peers;
    }

    /** Synchronous backups of every map and ring. */
    public int backupCount() {
        return backupCount;
    }

    /** Log lines kept per job. */
    public int logCapacity() {
        return logCapacity;
    }

    /** Bytes of lines kept per job ({@code --log-capacity-bytes}). */
    public long logCapacityBytes() {
        return logCapacityBytes;
    }

    /** Events kept for the fleet. */
    public int eventCapacity() {
        return eventCapacity;
    }

    /** The Hazelcast cluster name; members of other names never join (tests keep their clusters apart with it). */
    public String clusterName() {
        return clusterName;
    }

    /** The gRPC server's credentials: plaintext by default, TLS or mTLS when given. */
    public ServerCredentials credentials() {
        return credentials;
    }

    /** How often followers of logs and events look for new items. */
    public Duration followPoll() {
        return followPoll;
    }

    /** How long a host a gate watches may be DOWN before it counts as below the gate's low mark. */
    public Duration gateDownGrace() {
        return gateDownGrace;
    }

    public JobQuota jobQuota() {
        return jobQuota;
    }

    /** The file audit records are appended to; empty: none are kept. */
    public Optional<Path> auditLog() {
        return Optional.ofNullable(auditLog);
    }

    /** Whether the member may bind and dial public addresses ({@code --hazelcast-public}). */
    public boolean hazelcastPublic() {
        return hazelcastPublic;
    }

    /** Where Prometheus metrics are served ({@code --metrics}); empty: nowhere. */
    public Optional<HostPort> metrics() {
        return Optional.ofNullable(metrics);
    }

    /** Collects the settings; {@link #build()} checks them. */
    public static final class Builder {
        private HostPort listen = DEFAULT_LISTEN;
        private String hazelcastHost;
        private int hazelcastPort = DEFAULT_HAZELCAST_PORT;
        private List<HostPort> peers = List.of();
        private int backupCount = DEFAULT_BACKUP_COUNT;
        private int logCapacity = DEFAULT_LOG_CAPACITY;
        private long logCapacityBytes = DEFAULT_LOG_CAPACITY_BYTES;
        private int eventCapacity = DEFAULT_EVENT_CAPACITY;
        private String clusterName = DEFAULT_CLUSTER_NAME;
        private ServerCredentials credentials = InsecureServerCredentials.create();
        private Duration followPoll = Duration.ofMillis(100);
        private Duration gateDownGrace = DEFAULT_GATE_DOWN_GRACE;
        private JobQuota jobQuota = JobQuota.DEFAULT;
        private Path auditLog;
        private boolean hazelcastPublic;
        private HostPort metrics;

        private Builder() {
        }

        /** {@code null}: no metrics endpoint. */
        public Builder metrics(HostPort address) {
            this.metrics = address;
            return this;
        }

        /** {@code null}: no audit log. */
        public Builder auditLog(Path file) {
            this.auditLog = file;
            return this;
        }

        public Builder listen(HostPort listen) {
            this.listen = Objects.requireNonNull(listen);
            return this;
        }

        /** {@code null}: the listen host. */
        public Builder hazelcastHost(String host) {
            this.hazelcastHost = host;
            return this;
        }

        public Builder hazelcastPort(int port) {
            this.hazelcastPort = port;
            return this;
        }

        public Builder peers(List<HostPort> peers) {
            this.peers = List.copyOf(peers);
            return this;
        }

        public Builder backupCount(int count) {
            this.backupCount = count;
            return this;
        }

        public Builder logCapacityBytes(long bytes) {
            this.logCapacityBytes = bytes;
            return this;
        }

        public Builder logCapacity(int lines) {
            this.logCapacity = lines;
            return this;
        }

        public Builder eventCapacity(int events) {
            this.eventCapacity = events;
            return this;
        }

        public Builder clusterName(String name) {
            this.clusterName = Objects.requireNonNull(name);
            return this;
        }

        public Builder credentials(ServerCredentials credentials) {
            this.credentials = Objects.requireNonNull(credentials);
            return this;
        }

        public Builder followPoll(Duration every) {
            this.followPoll = Objects.requireNonNull(every);
            return this;
        }

        public Builder gateDownGrace(Duration grace) {
            this.gateDownGrace = Objects.requireNonNull(grace);
            return this;
        }

        /**
         * How many jobs a run may take the fleet to, in all and on one host.
         *
         * @throws IllegalArgumentException when either is below 1
         */
        public Builder jobQuota(int maxJobs, int maxHostJobs) {
            this.jobQuota = new JobQuota(maxJobs, maxHostJobs);
            return this;
        }

        /** Lets the member bind and dial public addresses (members have no TLS: see {@link MemberAddresses}). */
        public Builder hazelcastPublic(boolean allowed) {
            this.hazelcastPublic = allowed;
            return this;
        }

        /**
         * The configuration.
         *
         * @throws IllegalArgumentException naming the first bad setting in one line
         */
        public CoordinatorConfig build() {
            check(hazelcastPort >= 1 && hazelcastPort <= 65535,
                    "hazelcast port " + hazelcastPort + " is not in 1..65535");
            check(backupCount >= 0 && backupCount <= 6, "backup count " + backupCount + " is not in 0..6");
            check(logCapacity >= 1, "log capacity must be at least 1, not " + logCapacity);
            check(logCapacityBytes >= 256L * logCapacity, "log capacity bytes must be at least 256 per line kept ("
                    + 256L * logCapacity + " for " + logCapacity + " lines), not " + logCapacityBytes);
            check(eventCapacity >= 1, "event capacity must be at least 1, not " + eventCapacity);
            check(hazelcastHost == null || !hazelcastHost.isEmpty(), "empty hazelcast host");
            check(clusterName.matches("[A-Za-z0-9._-]{1,64}"), "cluster name must be 1 to 64 letters, digits, '.', "
                    + "'_' or '-'");
            check(!followPoll.isNegative() && !followPoll.isZero(), "follow poll must be positive");
            check(!gateDownGrace.isNegative(), "gate down grace must not be negative");
            for (HostPort peer : peers) {
                check(peer.port() > 0, "peer " + peer + " has no port");
            }
            MemberAddresses.check(hazelcastHost != null ? hazelcastHost : listen.host(),
                    peers.stream().map(HostPort::toString).toList(), hazelcastPublic);
            return new CoordinatorConfig(this);
        }

        private static void check(boolean ok, String problem) {
            if (!ok) {
                throw new IllegalArgumentException(problem);
            }
        }
    }
}
