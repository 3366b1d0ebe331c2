package io.dmon.agent.link;

import io.dmon.agent.host.JobHost;
import io.dmon.agent.spool.SpoolSet;
import io.dmon.proto.v1.AgentServiceGrpc;
import io.dmon.wire.HostPort;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The agent's link to the coordinators: one session at a time, on a thread of its own; when a
 * session ends (or cannot start), a jittered exponential wait (100 ms to 5 s) and the next
 * address in this agent's own order of them ({@link CoordinatorOrder}: a fleet spreads over its
 * coordinators). While with one that is not its first choice, it dials those it prefers every
 * {@link LinkConfig#preferredRetry} or so and moves back as soon as one answers. Everything it
 * learns goes to the host and the spools; it never makes them wait.
 */
public final class AgentLink implements AutoCloseable {
    static final long BACKOFF_INITIAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    static final long BACKOFF_CAP_NANOS = TimeUnit.SECONDS.toNanos(5);
    /**
     * Lines per job sent and not yet acknowledged, at most. A coordinator stores what queued
     * while it stored the last lines in one append, so the window, not the round trip, bounds
     * a job's rate: with 10,000 a job reached about 200,000 lines/s, with 50,000 over 300,000
     * (the coordinator bounds the bytes it queues per session, and the lines are on disk here).
     */
    static final int MAX_IN_FLIGHT = 50_000;
    static final int BATCH_LINES = 1000;
    static final long BATCH_BYTES = 256 * 1024;

    private final LinkConfig config;
    private final JobHost host;
    private final SpoolSet spools;
    private final ReportQueue reports;
    private final HeartbeatSource heartbeats;
    private final Wakeup wakeup = new Wakeup();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Map<HostPort, ManagedChannel> channels = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean registered;

    /** @param heartbeats what heartbeats say of the host (its load and pressure) */
    public AgentLink(LinkConfig config, JobHost host, SpoolSet spools, ReportQueue reports, HeartbeatSource heartbeats) {
        this.config = config;
        this.host = host;
        this.spools = spools;
        this.reports = reports;
        this.heartbeats = heartbeats;
        reports.onReport(wakeup::wake);
        spools.onAppend(wakeup::wake);
        this.thread = new Thread(this::loop, "dmon-agent-link");
        thread.setDaemon(true);
    }

    /** Starts dialling. */
    public void start() {
        thread.start();
    }

    /** True while a session is registered with a coordinator. */
    public boolean registered() {
        return registered;
    }

    private void loop() {
        Random random = new Random();
        Backoff backoff = new Backoff(BACKOFF_INITIAL_NANOS, BACKOFF_CAP_NANOS, random::nextDouble);
        List<HostPort> order = CoordinatorOrder.of(config.name(), config.addresses());
        int index = 0;
        boolean reported = false;
        try {
            while (closing.getCount() > 0) {
                HostPort address = order.get(index);
                PreferredProbe probe = new PreferredProbe(order.subList(0, index), this::channel,
                        config.preferredRetry().toNanos(), random::nextDouble, System.nanoTime());
                int[] moveTo = {-1};
                CoordinatorSession session = session(address, registeredSession -> {
                    if (registeredSession) {
                        probe.answering(System.nanoTime()).ifPresent(i -> moveTo[0] = i);
                    }
                    return moveTo[0] >= 0;
                });
                if (closing.getCount() == 0) {
                    break;
                }
                if (moveTo[0] >= 0) {
                    // Lines the old coordinator did not acknowledge are replayed to the new one.
                    config.diagnostics().accept("coordinator " + order.get(moveTo[0]) + " answers again: leaving "
                            + address + " for it");
                    index = moveTo[0];
                    backoff.reset();
                    reported = false;
                    continue;
                }
                if (session.registered()) {
                    backoff.reset();
                    reported = false;
                    config.diagnostics().accept("session with coordinator " + address + " ended: " + describe(session.endStatus()));
                } else if (!reported) {
                    // Said once per outage, not on every attempt.
                    reported = true;
                    config.diagnostics().accept("cannot reach coordinator " + address + ": " + describe(session.endStatus())
                            + "; retrying" + (order.size() > 1 ? " with the next address" : ""));
                }
                index = (index + 1) % order.size();
                closing.await(backoff.nextNanos(), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private ManagedChannel channel(HostPort address) {
        return channels.computeIfAbsent(address, a -> config.channels().open(a, config.credentials()));
    }

    /** @param leave asked on every turn of the session (with whether it is registered): true ends it */
    private CoordinatorSession session(HostPort address, java.util.function.Predicate<Boolean> leave) throws InterruptedException {
        ManagedChannel channel = channel(address);
        // The channel's own reconnect backoff (up to 2 min) must not hold back ours.
        channel.resetConnectBackoff();
        // Each session replays from the oldest unacknowledged line; what the last one sent is not in flight any more.
        spools.rewind();
        LogShipper shipper = new LogShipper(spools, MAX_IN_FLIGHT, BATCH_LINES, BATCH_BYTES, config.diagnostics());
        CoordinatorSession session = new CoordinatorSession(address, config, host, spools, reports, heartbeats, wakeup, shipper);
        try {
            AgentServiceGrpc.newStub(channel).session(session);
            session.run(() -> {
                registered = session.registered();
                return closing.getCount() == 0 || leave.test(registered);
            });
        } catch (RuntimeException e) {
            session.onError(e);
        }
        registered = false;
        return session;
    }

    private static String describe(Status status) {
        return status.getCode() + (status.getDescription() == null ? "" : " (" + status.getDescription() + ")");
    }

    /** Ends the session and closes the channels; jobs are not touched. */
    @Override
    public void close() throws InterruptedException {
        closing.countDown();
        wakeup.wake();
        thread.join(TimeUnit.SECONDS.toMillis(10));
        for (ManagedChannel channel : channels.values()) {
            channel.shutdownNow();
        }
        for (ManagedChannel channel : channels.values()) {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
