package io.dmon.coordinator.server;

import io.dmon.proto.v1.AgentServiceGrpc;
import io.dmon.proto.v1.OperatorServiceGrpc;
import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC server of a coordinator: the given services plus the standard health service, on
 * whatever {@link ServerBuilder} it is handed (Netty with credentials in production, in-process in
 * tests). Health says SERVING from start until {@link #close()} begins.
 */
public final class CoordinatorServer implements AutoCloseable {
    private static final List<String> SERVICE_NAMES = List.of(
            HealthStatusManager.SERVICE_NAME_ALL_SERVICES,
            AgentServiceGrpc.SERVICE_NAME,
            OperatorServiceGrpc.SERVICE_NAME);

    private final HealthStatusManager health = new HealthStatusManager();
    private final Server server;

    public CoordinatorServer(ServerBuilder<?> builder, List<BindableService> services) {
        services.forEach(builder::addService);
        builder.addService(health.getHealthService());
        this.server = builder.build();
    }

    /** Binds and starts serving; the IOException of a port in use names the port. */
    public CoordinatorServer start() throws IOException {
        server.start();
        SERVICE_NAMES.forEach(name -> health.setStatus(name, ServingStatus.SERVING));
        return this;
    }

    /** The port bound (the real one when 0 was asked for); -1 for a server without one. */
    public int port() {
        return server.getPort();
    }

    /** Stops taking new calls and says NOT_SERVING; calls under way go on. */
    public void shutdown() {
        health.enterTerminalState();
        server.shutdown();
    }

    /** Waits up to {@code graceMs} for calls to end, then cancels the rest. */
    public void awaitTermination(long graceMs) {
        try {
            if (!server.awaitTermination(graceMs, TimeUnit.MILLISECONDS)) {
                server.shutdownNow();
                server.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        shutdown();
        awaitTermination(0);
    }
}
