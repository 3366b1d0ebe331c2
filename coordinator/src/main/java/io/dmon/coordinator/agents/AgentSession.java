package io.dmon.coordinator.agents;

import io.dmon.coordinator.auth.Caller;
import io.dmon.coordinator.fleet.JobId;
import io.dmon.coordinator.fleet.RpcErrors;
import io.dmon.coordinator.rpc.RpcStatus;
import io.dmon.proto.v1.AgentMessage;
import io.dmon.proto.v1.Assignment;
import io.dmon.proto.v1.CoordinatorMessage;
import io.dmon.proto.v1.Heartbeat;
import io.dmon.proto.v1.HostPressure;
import io.dmon.proto.v1.HostView;
import io.dmon.proto.v1.Job;
import io.dmon.proto.v1.JobChange;
import io.dmon.proto.v1.LogAck;
import io.dmon.proto.v1.LogCursor;
import io.dmon.proto.v1.LogRange;
import io.dmon.proto.v1.ReadLogs;
import io.dmon.proto.v1.Register;
import io.dmon.proto.v1.RegisterPart;
import io.dmon.proto.v1.Registered;
import io.dmon.proto.v1.SignalJob;
import io.dmon.wire.MessageParts;
import io.dmon.wire.RequestLimits;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * One agent's session: the inbound messages in order (gRPC never calls a request observer
 * concurrently), and what goes out through the session's {@link Outbox}. Log lines are checked
 * here and handed to the {@link LogIngest}, which acknowledges them once stored: the messages
 * after them are not held up by the store's round trips.
 *
 * <p>A register whose jobs do not fit in one message comes with {@link RegisterPart}s: the jobs
 * of each part are learned as it comes, and the register completes (Registered, the assignment)
 * at the last. Outbound order is Registered, the whole Assignment (in parts of at most
 * {@link MessageParts#PART_BYTES}), then every later JobChange. Changes
 * that arrive while the assignment is being read wait in {@link #pending} and follow it, so the
 * agent never sees an assignment older than a change it already got.
 */
final class AgentSession implements StreamObserver<AgentMessage> {
    private static final System.Logger LOG = System.getLogger(AgentSession.class.getName());

    /** Bytes of this session's lines queued for the store at most (see {@link LogIngest}). */
    static final int SESSION_LOG_BYTES = 16 << 20;

    private final Outbox outbox;
    private final AgentReports reports;
    private final LogIngest ingest;
    private final LogIngest.Source logSource = new SessionLogs();
    private final SessionRegistry registry;
    private final Supplier<String> self;
    private final Caller caller;
    private final AtomicBoolean ended = new AtomicBoolean();
    // Touched only from onNext, which gRPC never calls concurrently for one call.
    private final HeartbeatWrites heartbeats = new HeartbeatWrites();
    private final List<CoordinatorMessage> pending = new ArrayList<>();
    private boolean assigned;
    private volatile String host;
    /** ReadLogs sent down this session and not answered yet, by request id. */
    private final Map<Long, CompletableFuture<LogRange>> reads =
            new ConcurrentHashMap<>();
    private final AtomicLong readIds = new AtomicLong();
    // A register whose parts are still coming (its jobs already learned); touched only from onNext.
    private Register registering;

    /** @param caller who opened the session: an agent's certificate decides the host it may register as */
    AgentSession(Outbox outbox, AgentReports reports, LogIngest ingest, SessionRegistry registry, Supplier<String> self,
            Caller caller) {
        this.outbox = outbox;
        this.reports = reports;
        this.ingest = ingest;
        this.registry = registry;
        this.self = self;
        this.caller = caller;
    }

    @Override
    public void onNext(AgentMessage message) {
        if (ended.get()) {
            return;
        }
        try {
            if (message.hasRegister()) {
                register(message.getRegister());
                return;
            }
            if (message.hasRegisterPart()) {
                registerPart(message.getRegisterPart());
                return;
            }
            String registered = host;
            if (registered == null) {
                throw RpcErrors.invalid(registering == null ? "the first message of a session must be a register"
                        : "a register's parts must come before anything else");
            }
            switch (message.getBodyCase()) {
                case HEARTBEAT -> heartbeat(registered, message.getHeartbeat());
                case EVENTS -> reports.events(registered, message.getEvents());
                case STATUSES -> reports.statuses(registered, message.getStatuses());
                case LOGS -> reports.logs(registered, message.getLogs())
                        .forEach((jobId, lines) -> ingest.offer(jobId, lines, logSource));
                case LOG_RANGE -> {
                    var answer = reads.remove(message.getLogRange().getRequestId());
                    if (answer != null) {
                        answer.complete(message.getLogRange());
                    }
                }
                default -> throw RpcErrors.invalid("empty agent message");
            }
        } catch (RuntimeException e) {
            end(RpcStatus.of(describe(), e));
        }
    }

    @Override
    public void onError(Throwable t) {
        end(Status.CANCELLED.withDescription("agent went away"));
    }

    @Override
    public void onCompleted() {
        end(Status.OK);
    }

    /** A change of one of this host's jobs; called on store threads, never blocks. */
    synchronized void jobChanged(Job job, boolean removed) {
        CoordinatorMessage change = CoordinatorMessage.newBuilder()
                .setChange(JobChange.newBuilder().setJob(job).setRemoved(removed)).build();
        if (assigned) {
            outbox.offer(change);
        } else {
            pending.add(change);
        }
    }

    /**
     * Asks the agent for kept lines of one of its jobs; the answer completes the future (or it
     * fails when the session ends first). The caller bounds its wait.
     */
    CompletableFuture<LogRange> readLogs(String jobId, long from, int maxLines) {
        long id = readIds.incrementAndGet();
        var answer = new CompletableFuture<LogRange>();
        reads.put(id, answer);
        answer.whenComplete((r, e) -> reads.remove(id));
        if (ended.get()) {
            answer.completeExceptionally(new IllegalStateException("session ended"));
            return answer;
        }
        outbox.offer(CoordinatorMessage.newBuilder().setReadLogs(ReadLogs.newBuilder()
                .setRequestId(id).setJobId(jobId).setFromSeq(from).setMaxLines(maxLines)).build());
        return answer;
    }

    void signal(SignalJob signal) {
        outbox.offer(CoordinatorMessage.newBuilder().setSignal(signal).build());
    }

    /**
     * Ends the session once: forgets it, marks the host's session gone in the store if this
     * coordinator still holds it, and closes the stream with {@code status}.
     */
    void end(Status status) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        String name = host;
        if (name != null && registry.forget(name, this)) {
            try {
                reports.release(name, self.get(), () -> registry.holds(name));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "host " + name + ": could not mark its session gone: " + e.getMessage());
            }
        }
        if (!status.isOk() && status.getCode() != Status.Code.CANCELLED) {
            LOG.log(Level.INFO, describe() + " ended: " + status.getCode() + " " + status.getDescription());
        }
        outbox.close(status);
        reads.values().forEach(r -> r.completeExceptionally(new IllegalStateException("session ended")));
    }

    private String describe() {
        String name = host;
        return name == null ? "unregistered agent session" : "session of host " + name;
    }

    private void register(Register register) {
        if (host != null || registering != null) {
            throw RpcErrors.invalid("register sent twice in one session");
        }
        checkIdentity(register);
        if (register.getMore()) {
            reports.learn(register.getName(), register.getJobsList(), register.getStatusesList());
            registering = register.toBuilder().clearJobs().clearStatuses().setMore(false).build();
            return;
        }
        complete(register);
    }

    private void registerPart(RegisterPart part) {
        Register first = registering;
        if (first == null) {
            throw RpcErrors.invalid("a register part " + (host == null ? "without a register before it" : "after the register completed"));
        }
        reports.learn(first.getName(), part.getJobsList(), part.getStatusesList());
        if (!part.getMore()) {
            registering = null;
            complete(first);
        }
    }

    private void complete(Register register) {
        HostView view = reports.register(register, self.get());
        host = view.getName();
        outbox.offer(CoordinatorMessage.newBuilder()
                .setRegistered(Registered.newBuilder().setCoordinator(self.get())).build());
        registry.claim(host, this).ifPresent(older -> older.end(Status.ABORTED
                .withDescription("superseded by a newer session of host '" + view.getName() + "'")));
        // Claimed first, read second: a change made meanwhile is in pending, not lost.
        List<List<Job>> parts = MessageParts.split(reports.assignment(host));
        synchronized (this) {
            for (int i = 0; i < parts.size(); i++) {
                Assignment part = Assignment.newBuilder().addAllJobs(parts.get(i)).setMore(i < parts.size() - 1).build();
                outbox.offer(CoordinatorMessage.newBuilder().setAssignment(part).build());
            }
            pending.forEach(outbox::offer);
            pending.clear();
            assigned = true;
        }
    }

    /**
     * Refuses a register over the size limits, and one under another host's name than the
     * caller's certificate names (PERMISSION_DENIED, with an event naming both).
     */
    private void checkIdentity(Register register) {
        RequestLimits.register(register).ifPresent(problem -> {
            throw RpcErrors.invalid("register: " + problem);
        });
        String name = register.getName();
        JobId.hostProblem(name).ifPresent(problem -> {
            throw RpcErrors.invalid("register: " + problem);
        });
        Optional<String> allowed = caller.agentHost();
        if (allowed.isPresent() && !allowed.get().equals(name)) {
            String cause = caller.principal() + " may register only as " + allowed.get();
            reports.refused(name, cause);
            throw Status.PERMISSION_DENIED.withDescription("register as '" + name + "' refused: " + cause)
                    .asRuntimeException();
        }
    }

    private void heartbeat(String name, Heartbeat heartbeat) {
        long now = reports.nowMs();
        HostPressure pressure = heartbeat.hasPressure() ? heartbeat.getPressure() : null;
        if (heartbeats.due(heartbeat.getLoad1(), heartbeat.getCondition(), pressure, now)) {
            checkHolder(name, reports.heartbeat(name, heartbeat, self.get()));
            heartbeats.written(heartbeat.getLoad1(), heartbeat.getCondition(), pressure, now);
        }
    }

    private void checkHolder(String name, Optional<HostView> stored) {
        if (stored.isEmpty()) {
            // Every copy of the host's record is gone (members lost at once): a new register,
            // which the agent makes on reconnecting, writes it back with the host's jobs.
            end(Status.UNAVAILABLE.withDescription("the coordinators lost the record of host '" + name
                    + "': register again"));
            return;
        }
        String holder = stored.get().getCoordinator();
        if (!holder.equals(self.get())) {
            end(Status.ABORTED.withDescription("host '" + name + "' is now held by coordinator " + holder));
        }
    }

    /** Where the ingest reports on this session's lines: acks out through the outbox. */
    private final class SessionLogs implements LogIngest.Source {
        private final LogIngest.Room room = new LogIngest.Room(SESSION_LOG_BYTES);

        @Override
        public void stored(String jobId, long incarnation, long seq) {
            outbox.offer(CoordinatorMessage.newBuilder().setAck(LogAck.newBuilder()
                    .addCursors(LogCursor.newBuilder().setJobId(jobId).setSeq(seq).setJobCreatedUnixMs(incarnation)))
                    .build());
        }

        @Override
        public void failed(RuntimeException failure) {
            end(RpcStatus.of(describe(), failure));
        }

        @Override
        public LogIngest.Room room() {
            return room;
        }
    }
}
