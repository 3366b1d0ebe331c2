package io.dmon.bench;

import io.dmon.proto.v1.AgentMessage;
import io.dmon.proto.v1.AgentServiceGrpc;
import io.dmon.proto.v1.CoordinatorMessage;
import io.dmon.proto.v1.Heartbeat;
import io.dmon.proto.v1.Register;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Agents without jobs, as the coordinator sees them: {@code count} AgentService.Session streams
 * over a few channels, each sending Register{name=simN} and then a Heartbeat every second (the
 * first at a random offset in the first second, so the load is spread as a real fleet's would be).
 * Heartbeats are sent from one scheduler thread, so no stream is written by two threads.
 */
final class SimulatedAgents implements AutoCloseable {
    private final List<ManagedChannel> channels = new ArrayList<>();
    private final List<StreamObserver<AgentMessage>> streams = new ArrayList<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "simulated-agents");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger registered = new AtomicInteger();
    private final AtomicInteger ended = new AtomicInteger();
    private final AtomicInteger heartbeats = new AtomicInteger();

    /** Opens {@code count} sessions over {@code channelCount} channels to {@code port} on loopback. */
    SimulatedAgents(int port, int count, int channelCount) {
        for (int c = 0; c < channelCount; c++) {
            channels.add(NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build());
        }
        scheduler.execute(() -> {
            for (int i = 0; i < count; i++) {
                open(channels.get(i % channelCount), "sim" + i);
            }
        });
    }

    private void open(ManagedChannel channel, String name) {
        StreamObserver<AgentMessage> out = AgentServiceGrpc.newStub(channel).session(new StreamObserver<>() {
            @Override
            public void onNext(CoordinatorMessage m) {
                if (m.hasRegistered()) {
                    registered.incrementAndGet();
                }
            }

            @Override
            public void onError(Throwable t) {
                ended.incrementAndGet();
            }

            @Override
            public void onCompleted() {
                ended.incrementAndGet();
            }
        });
        streams.add(out);
        out.onNext(AgentMessage.newBuilder().setRegister(Register.newBuilder().setName(name).setVersion("bench"))
                .build());
        long offset = ThreadLocalRandom.current().nextLong(1_000);
        scheduler.scheduleAtFixedRate(() -> {
            out.onNext(AgentMessage.newBuilder().setHeartbeat(Heartbeat.newBuilder().setLoad1(0.5)
                    .setLoad5(0.5).setLoad15(0.5).setUnixMs(System.currentTimeMillis())).build());
            heartbeats.incrementAndGet();
        }, offset, 1_000, TimeUnit.MILLISECONDS);
    }

    /** Sessions the coordinator answered with Registered. */
    int registered() {
        return registered.get();
    }

    /** Sessions the coordinator ended (error or completion). */
    int ended() {
        return ended.get();
    }

    int heartbeats() {
        return heartbeats.get();
    }

    /** Ends every session (half-close) and the channels. */
    @Override
    public void close() throws InterruptedException {
        scheduler.submit(() -> streams.forEach(s -> {
            try {
                s.onCompleted();
            } catch (RuntimeException e) {
                // already ended by the coordinator
            }
        }));
        scheduler.shutdown();
        scheduler.awaitTermination(10, TimeUnit.SECONDS);
        for (ManagedChannel c : channels) {
            c.shutdown();
        }
        for (ManagedChannel c : channels) {
            if (!c.awaitTermination(5, TimeUnit.SECONDS)) {
                c.shutdownNow();
            }
        }
    }
}
