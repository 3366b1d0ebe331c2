package io.dmon.coordinator.server;

import io.dmon.coordinator.auth.CallGuard;
import io.dmon.proto.v1.AgentServiceGrpc;
import io.dmon.proto.v1.OperatorServiceGrpc;
import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerInterceptor;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.util.MutableHandlerRegistry;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC server of a coordinator: the given services plus the standard health service, on
 * whatever {@link ServerBuilder} it is handed (Netty with credentials in production, in-process in
 * tests), every call passing its {@link CallGuard} first.
 *
 * <p>Binding and serving are two steps: a coordinator must know its own address (the port bound
 * when 0 was asked for) before it joins the cluster, because it announces that address as a
 * member attribute, and its services need the joined store. Between {@link #start()} and
 * {@link #serve} calls get UNIMPLEMENTED and health says NOT_SERVING; from {@link #serve} until
 * {@link #shutdown()} health says SERVING.
 */
public final class CoordinatorServer implements AutoCloseable {
    private static final List<String> SERVICE_NAMES = List.of(
            HealthStatusManager.SERVICE_NAME_ALL_SERVICES,
            AgentServiceGrpc.SERVICE_NAME,
            OperatorServiceGrpc.SERVICE_NAME);

    private final HealthStatusManager health = new HealthStatusManager();
    private final MutableHandlerRegistry registry = new MutableHandlerRegistry();
    private final Server server;

    public CoordinatorServer(ServerBuilder<?> builder, CallGuard guard) {
        this(builder, guard, List.of());
    }

    /**
     * @param outer interceptors that see every call before the guard does (metrics), so refused
     *              calls are seen too; the first in the list is the outermost
     */
    public CoordinatorServer(ServerBuilder<?> builder, CallGuard guard, List<ServerInterceptor> outer) {
        guard.applyTo(builder);
        // A builder runs the interceptor added last first.
        for (int i = outer.size() - 1; i >= 0; i--) {
            builder.intercept(outer.get(i));
        }
        builder.fallbackHandlerRegistry(registry);
        builder.addService(health.getHealthService());
        SERVICE_NAMES.forEach(name -> health.setStatus(name, ServingStatus.NOT_SERVING));
        this.server = builder.build();
    }

    /** Binds; the IOException of a port in use names the port. Nothing is served yet. */
    public CoordinatorServer start() throws IOException {
        server.start();
        return this;
    }

    /** Serves {@code services} from now on and says SERVING. */
    public void serve(List<BindableService> services) {
        services.forEach(service -> registry.addService(service));
        SERVICE_NAMES.forEach(name -> health.setStatus(name, ServingStatus.SERVING));
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
