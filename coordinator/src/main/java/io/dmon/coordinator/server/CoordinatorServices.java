package io.dmon.coordinator.server;

import io.dmon.coordinator.agents.AgentSessionService;
import io.dmon.coordinator.agents.SessionRegistry;
import io.dmon.coordinator.agents.LogReadRouter;
import io.dmon.coordinator.agents.SignalRouter;
import io.dmon.coordinator.fleet.JobId;
import io.dmon.coordinator.fleet.JobQuota;
import io.dmon.coordinator.fleet.HostLiveness;
import io.dmon.coordinator.operator.HostLogs;
import io.dmon.coordinator.operator.OperatorGrpcService;
import io.dmon.coordinator.store.FleetStore;
import io.grpc.BindableService;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The coordinator's gRPC services wired to one store, with the threads they need: a worker pool
 * (outbound session writes, signals heard on the topic), the log writers (agents' lines into the
 * store) and a scheduler (followers of logs and events). A server or an in-process test binds {@link #services()}.
 */
public final class CoordinatorServices implements AutoCloseable {
    /** Threads storing agents' lines: one append per job at a time, each blocking on the store. */
    private static final int LOG_WRITERS = 16;

    private final ExecutorService workers;
    private final ExecutorService logWriters;
    private final ScheduledExecutorService scheduler;
    private final SessionRegistry registry;
    private final SignalRouter router;
    private final LogReadRouter logReads;
    private final AgentSessionService agents;
    private final OperatorGrpcService operators;

    /** How long a reader waits for a host's kept lines before it reports them unreachable. */
    private static final Duration HOST_LOG_WAIT = Duration.ofSeconds(5);

    /**
     * @param self       this coordinator's gRPC address as others reach it; asked for only once
     *                   the server is up
     * @param followPoll how often followers of logs and events look for new items
     */

    public CoordinatorServices(FleetStore store, Clock clock, Supplier<String> self, Duration followPoll) {
        this(store, clock, self, followPoll, JobQuota.DEFAULT);
    }

    /** @param quota how many jobs a run may take the fleet to */
    public CoordinatorServices(FleetStore store, Clock clock, Supplier<String> self, Duration followPoll,
            JobQuota quota) {
        this.workers = Executors.newCachedThreadPool(daemons("dmon-coordinator-worker"));
        this.logWriters = Executors.newFixedThreadPool(LOG_WRITERS, daemons("dmon-coordinator-log-writer"));
        this.scheduler = Executors.newScheduledThreadPool(2, daemons("dmon-coordinator-follow"));
        this.registry = SessionRegistry.watching(store.jobs());
        this.router = new SignalRouter(registry, store.hosts(), store.signals(), self, workers);
        HostLiveness liveness = new HostLiveness(clock);
        this.agents = new AgentSessionService(store, registry, clock, self, workers, logWriters);
        this.logReads = new LogReadRouter(registry, store.hosts(), store.logReads(), self, workers, HOST_LOG_WAIT);
        this.operators = new OperatorGrpcService(store, router, liveness, scheduler, followPoll, this::hostLogs, quota);
    }

    private CompletableFuture<Optional<HostLogs.Kept>> hostLogs(String jobId, long from, int maxLines) {
        Optional<JobId> id = JobId.parse(jobId);
        if (id.isEmpty()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return logReads.read(id.get().host(), jobId, from, maxLines)
                .thenApply(range -> range.map(r -> new HostLogs.Kept(r.getLinesList(), r.getOldestKept())));
    }

    /** The agent sessions held here now. */
    public int sessions() {
        return registry.size();
    }

    public List<BindableService> services() {
        return List.of(agents, operators);
    }

    /**
     * Ends the agent sessions held here (marking their hosts' sessions gone while the store is
     * still up) and stops the threads. Close the server's listener first, so none arrives after.
     */
    @Override
    public void close() {
        registry.close();
        router.close();
        logReads.close();
        agents.close();
        operators.close();
        scheduler.shutdownNow();
        stop(logWriters);
        stop(workers);
    }

    private static void stop(ExecutorService threads) {
        threads.shutdown();
        try {
            if (!threads.awaitTermination(2, TimeUnit.SECONDS)) {
                threads.shutdownNow();
            }
        } catch (InterruptedException e) {
            threads.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemons(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
