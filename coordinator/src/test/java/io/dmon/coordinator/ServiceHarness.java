package io.dmon.coordinator;

import io.dmon.coordinator.fleet.JobQuota;
import io.dmon.coordinator.audit.AuditLog;
import io.dmon.coordinator.auth.CallGuard;
import io.dmon.coordinator.server.CoordinatorServices;
import io.dmon.coordinator.store.FleetStore;
import io.dmon.coordinator.store.FreePorts;
import io.dmon.coordinator.store.HazelcastFleetStore;
import io.dmon.coordinator.store.StoreSettings;
import io.dmon.proto.v1.AgentServiceGrpc;
import io.dmon.proto.v1.OperatorServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The coordinator's services over in-process gRPC, on a real one-member store: what a service
 * contract test talks to, through the same call guard as a plaintext coordinator's. The store
 * outlives the harness so a class can share one member.
 */
public final class ServiceHarness implements AutoCloseable {
    public final MutableClock clock = new MutableClock();
    public final String self;
    private final CoordinatorServices services;
    private final Server server;
    private final ManagedChannel channel;

    public ServiceHarness(FleetStore store, String self) throws IOException {
        this(store, self, Duration.ofMillis(20));
    }

    /** @param followPoll how often followers look for new lines or events without being told */
    public ServiceHarness(FleetStore store, String self, Duration followPoll) throws IOException {
        this(store, self, followPoll, JobQuota.DEFAULT);
    }

    /** @param quota how many jobs a run may take the fleet to */
    public ServiceHarness(FleetStore store, String self, Duration followPoll, JobQuota quota) throws IOException {
        this.self = self;
        this.services = new CoordinatorServices(store, clock, () -> self, followPoll, quota);
        InProcessServerBuilder builder = InProcessServerBuilder.forName(self);
        services.services().forEach(builder::addService);
        new CallGuard(true, AuditLog.NONE, clock).applyTo(builder);
        this.server = builder.build().start();
        this.channel = InProcessChannelBuilder.forName(self).build();
    }

    /** A member of its own cluster, alone. */
    public static FleetStore singleMember(String cluster) throws IOException {
        int port = FreePorts.next();
        return HazelcastFleetStore.start(new StoreSettings(cluster + "-" + port, "127.0.0.1", port, List.of(), 1, 100, 1000));
    }

    public OperatorServiceGrpc.OperatorServiceBlockingStub operator() {
        return OperatorServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    public OperatorServiceGrpc.OperatorServiceStub operatorAsync() {
        return OperatorServiceGrpc.newStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
    }

    public FakeAgent agent() {
        return new FakeAgent(AgentServiceGrpc.newStub(channel));
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdown();
        services.close();
        server.awaitTermination(1, TimeUnit.SECONDS);
        server.shutdownNow();
        channel.shutdownNow();
    }
}
