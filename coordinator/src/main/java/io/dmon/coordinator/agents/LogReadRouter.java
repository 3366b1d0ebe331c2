package io.dmon.coordinator.agents;

import io.dmon.coordinator.store.HostStore;
import io.dmon.coordinator.store.LogReadBus;
import io.dmon.coordinator.store.Subscription;
import io.dmon.proto.v1.HostLogRead;
import io.dmon.proto.v1.HostLogReply;
import io.dmon.proto.v1.HostView;
import io.dmon.proto.v1.LogRange;
import io.dmon.proto.v1.ReadLogs;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Takes a reader's request for a host's kept lines to the coordinator holding the host's agent
 * session: down the session when that is this coordinator, otherwise over the store's log-read
 * topics, where the holder asks its agent and publishes the answer for the asker to take.
 *
 * <p>Nothing here blocks: {@link #read} returns a future that completes with the lines, or empty
 * when the host cannot be asked (no coordinator holds its session, or no answer came within the
 * wait). The holder is who the store says holds the host, as for signals ({@link SignalRouter}).
 */
public final class LogReadRouter implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LogReadRouter.class.getName());

    private final SessionRegistry registry;
    private final HostStore hosts;
    private final LogReadBus bus;
    private final Supplier<String> self;
    private final Executor executor;
    private final Duration wait;
    /** Names this coordinator's requests on the topics; a restarted coordinator gets a new one. */
    private final String origin = UUID.randomUUID().toString();
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<Optional<LogRange>>> asked = new ConcurrentHashMap<>();
    private final Subscription reads;
    private final Subscription replies;

    /**
     * @param executor runs requests heard on the topic, which need a store read and so must leave
     *                 the store's event thread
     * @param wait     how long a request waits for its answer before it completes empty
     */
    public LogReadRouter(SessionRegistry registry, HostStore hosts, LogReadBus bus, Supplier<String> self,
            Executor executor, Duration wait) {
        this.registry = registry;
        this.hosts = hosts;
        this.bus = bus;
        this.self = self;
        this.executor = executor;
        this.wait = wait;
        this.reads = bus.onRead(read -> {
            try {
                executor.execute(() -> answerIfHeld(read));
            } catch (RejectedExecutionException e) {
                LOG.log(Level.DEBUG, "coordinator closing: dropped a log read of " + read.getRead().getJobId());
            }
        });
        this.replies = bus.onReply(origin, this::taken);
    }

    /**
     * Up to {@code maxLines} kept lines of a job of {@code host} from seq {@code from} on; the
     * future completes empty when the host cannot be asked now, within the wait at most.
     */
    public CompletableFuture<Optional<LogRange>> read(String host, String jobId, long from, int maxLines) {
        ReadLogs read = ReadLogs.newBuilder().setRequestId(ids.incrementAndGet()).setJobId(jobId).setFromSeq(from)
                .setMaxLines(maxLines).build();
        Optional<String> holder = holder(host);
        if (holder.isEmpty()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        if (holder.get().equals(self.get()) && registry.holds(host)) {
            return bounded(registry.readLogs(host, jobId, from, maxLines).thenApply(Optional::of));
        }
        CompletableFuture<Optional<LogRange>> answer = new CompletableFuture<>();
        asked.put(read.getRequestId(), answer);
        answer.whenComplete((range, e) -> asked.remove(read.getRequestId()));
        try {
            bus.ask(HostLogRead.newBuilder().setOrigin(origin).setHost(host).setRead(read).build());
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "could not ask for lines of " + jobId + ": " + e.getMessage());
            answer.complete(Optional.empty());
        }
        return bounded(answer);
    }

    @Override
    public void close() {
        reads.close();
        replies.close();
        asked.values().forEach(answer -> answer.complete(Optional.empty()));
    }

    private CompletableFuture<Optional<LogRange>> bounded(CompletableFuture<Optional<LogRange>> answer) {
        return answer.exceptionally(e -> Optional.empty())
                .completeOnTimeout(Optional.empty(), wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The coordinator the store says holds the host's session, if any does. */
    private Optional<String> holder(String host) {
        return hosts.get(host).map(HostView::getCoordinator).filter(c -> !c.isEmpty());
    }

    private void answerIfHeld(HostLogRead request) {
        if (!registry.holds(request.getHost()) || !holder(request.getHost()).filter(self.get()::equals).isPresent()) {
            return;
        }
        ReadLogs read = request.getRead();
        registry.readLogs(request.getHost(), read.getJobId(), read.getFromSeq(), read.getMaxLines())
                .orTimeout(wait.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((range, e) -> {
                    if (e != null) {
                        return;
                    }
                    try {
                        bus.answer(HostLogReply.newBuilder().setOrigin(request.getOrigin())
                                .setRange(range.toBuilder().setRequestId(read.getRequestId())).build());
                    } catch (RuntimeException failed) {
                        LOG.log(Level.DEBUG, "could not answer a log read of " + read.getJobId() + ": " + failed.getMessage());
                    }
                });
    }

    private void taken(HostLogReply reply) {
        if (!reply.getOrigin().equals(origin)) {
            return;
        }
        CompletableFuture<Optional<LogRange>> answer = asked.remove(reply.getRange().getRequestId());
        if (answer != null) {
            answer.complete(Optional.of(reply.getRange()));
        }
    }
}
