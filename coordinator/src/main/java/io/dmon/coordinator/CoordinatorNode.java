package io.dmon.coordinator;

import io.dmon.coordinator.audit.AuditLog;
import io.dmon.coordinator.audit.FileAuditLog;
import io.dmon.coordinator.auth.CallGuard;
import io.dmon.coordinator.fleet.HostLiveness;
import io.dmon.coordinator.gates.GateEvaluator;
import io.dmon.coordinator.metrics.CoordinatorMetrics;
import io.dmon.coordinator.server.CoordinatorServer;
import io.dmon.coordinator.server.CoordinatorServices;
import io.dmon.coordinator.store.FleetStore;
import io.dmon.coordinator.store.HazelcastFleetStore;
import io.dmon.coordinator.store.StoreSettings;
import io.dmon.metrics.MetricsServer;
import io.dmon.wire.HostPort;
import io.dmon.wire.RequestLimits;
import io.grpc.InsecureServerCredentials;
import io.grpc.ServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One running coordinator: a member of the Hazelcast cluster and a gRPC server for agents and
 * operators ({@code dmon.v1.AgentService}, {@code dmon.v1.OperatorService}, {@code grpc.health.v1}).
 * Any number of them form one control plane; none is special, except that the oldest member
 * evaluates the fleet's gates (see {@link GateEvaluator}).
 */
public final class CoordinatorNode implements AutoCloseable {
    /** How long agents' and operators' calls get to end by themselves on close. */
    private static final long CLOSE_GRACE_MS = 1_000;

    private final FleetStore store;
    private final CoordinatorServices services;
    private final CoordinatorServer server;
    private final GateEvaluator gates;
    private final AuditLog audit;
    private final String grpcAddress;
    private final Optional<MetricsServer> metrics;
    private final AtomicBoolean closed = new AtomicBoolean();

    private CoordinatorNode(FleetStore store, CoordinatorServices services, CoordinatorServer server,
            GateEvaluator gates, AuditLog audit, String grpcAddress, Optional<MetricsServer> metrics) {
        this.store = store;
        this.services = services;
        this.server = server;
        this.gates = gates;
        this.audit = audit;
        this.grpcAddress = grpcAddress;
        this.metrics = metrics;
    }

    /**
     * Binds the gRPC server, starts the member (joining the configured peers, or alone) announcing
     * the bound address, then serves and starts this member's gate evaluator.
     *
     * @throws IOException when either cannot start (a port in use, an address not of this
     *                     machine), with a one-line message; nothing is left running then
     */
    public static CoordinatorNode start(CoordinatorConfig config) throws IOException {
        String advertised = advertisedHost(config);
        Clock clock = Clock.systemUTC();
        AuditLog audit = config.auditLog().isPresent() ? FileAuditLog.open(config.auditLog().get()) : AuditLog.NONE;
        // Plaintext callers are served only by a plaintext listener; a TLS one has no call without a session.
        boolean plaintext = config.credentials() instanceof InsecureServerCredentials;
        // Bound first: the member announces this address to the others (a member attribute is
        // fixed at start), and with port 0 it is known only once bound.
        Optional<CoordinatorMetrics> metrics = config.metrics().map(address -> new CoordinatorMetrics());
        CoordinatorServer server = new CoordinatorServer(serverBuilder(config), new CallGuard(plaintext, audit, clock),
                metrics.map(CoordinatorMetrics::interceptors).orElse(List.of()));
        try {
            server.start();
        } catch (IOException | RuntimeException e) {
            server.close();
            audit.close();
            throw new IOException("cannot listen on " + config.listen() + ": " + reason(e), e);
        }
        String grpcAddress = new HostPort(advertised, server.port()).toString();
        FleetStore store;
        try {
            store = HazelcastFleetStore.start(new StoreSettings(config.clusterName(), config.hazelcastHost(),
                    config.hazelcastPort(), config.peers().stream().map(HostPort::toString).toList(),
                    config.backupCount(), config.logCapacity(),
                    StoreSettings.lineShare(config.logCapacityBytes(), config.logCapacity()), config.eventCapacity(),
                    grpcAddress, clock.millis(), config.hazelcastPublic()));
        } catch (IOException | RuntimeException e) {
            server.close();
            audit.close();
            throw e;
        }
        CoordinatorServices services;
        try {
            services = new CoordinatorServices(store, clock, () -> grpcAddress, config.followPoll(), config.jobQuota());
        } catch (RuntimeException e) {
            server.close();
            store.close();
            audit.close();
            throw new IOException("coordinator did not start: " + reason(e), e);
        }
        Optional<MetricsServer> metricsServer = Optional.empty();
        if (metrics.isPresent()) {
            CoordinatorServices served = services;
            metrics.get().watch(store, new HostLiveness(clock), served::sessions);
            try {
                metricsServer = Optional.of(MetricsServer.start(config.metrics().get(), metrics.get().registry()));
            } catch (IOException e) {
                server.close();
                services.close();
                store.close();
                audit.close();
                throw e;
            }
        }
        server.serve(services.services());
        GateEvaluator gates = new GateEvaluator(store, clock, config.gateDownGrace()).start();
        return new CoordinatorNode(store, services, server, gates, audit, grpcAddress, metricsServer);
    }

    /** True until {@link #close()} begins. */
    public boolean serving() {
        return !closed.get();
    }

    /** Where metrics are served ({@code http://HOST:PORT/metrics}, the port as bound); empty without {@code --metrics}. */
    public Optional<String> metricsUrl() {
        return metrics.map(MetricsServer::url);
    }

    /** The gRPC address agents and operators reach this coordinator at: {@code host:port} as bound. */
    public String grpcAddress() {
        return grpcAddress;
    }

    /**
     * Stops gracefully: no new calls, agent sessions ended (their hosts' sessions marked gone so
     * they show DOWN until the agents reconnect elsewhere), then the member leaves the cluster,
     * its data staying with the others through their backups.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        metrics.ifPresent(MetricsServer::close);
        gates.close();
        server.shutdown();
        services.close();
        server.awaitTermination(CLOSE_GRACE_MS);
        store.close();
        audit.close();
    }

    private static ServerBuilder<?> serverBuilder(CoordinatorConfig config) {
        HostPort listen = config.listen();
        return NettyServerBuilder.forAddress(new InetSocketAddress(listen.host(), listen.port()), config.credentials())
                // Agents keep their sessions alive with pings: allow them every 10 s, even idle.
                .maxInboundMessageSize(RequestLimits.MAX_MESSAGE_BYTES)
                .permitKeepAliveTime(10, TimeUnit.SECONDS)
                .permitKeepAliveWithoutCalls(true)
                // And find agents that vanished without a word: ping after 30 s of silence.
                .keepAliveTime(30, TimeUnit.SECONDS)
                .keepAliveTimeout(10, TimeUnit.SECONDS);
    }

    /** The listen host, or for a wildcard listener the member's host, or this machine's name. */
    private static String advertisedHost(CoordinatorConfig config) throws IOException {
        if (!InetAddress.getByName(config.listen().host()).isAnyLocalAddress()) {
            return config.listen().host();
        }
        if (!InetAddress.getByName(config.hazelcastHost()).isAnyLocalAddress()) {
            return config.hazelcastHost();
        }
        return InetAddress.getLocalHost().getHostName();
    }

    /** The innermost cause's message: "Address already in use" rather than its wrappers. */
    private static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        // Netty's native transport prefixes the errno: "bind(..) failed with error(-98): ..."
        return message.lines().findFirst().orElse(message)
                .replaceFirst("^bind\\(\\.\\.\\) failed with error\\(-?\\d+\\): ", "");
    }
}
