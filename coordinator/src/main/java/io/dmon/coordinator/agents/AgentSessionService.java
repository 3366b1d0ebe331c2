package io.dmon.coordinator.agents;

import io.dmon.coordinator.auth.Caller;
import io.dmon.coordinator.store.FleetStore;
import io.dmon.proto.v1.AgentMessage;
import io.dmon.proto.v1.AgentServiceGrpc;
import io.dmon.proto.v1.CoordinatorMessage;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * {@code dmon.v1.AgentService}: each agent's one long session. The first message must be a
 * Register; the coordinator answers Registered, the host's whole Assignment, then JobChanges,
 * SignalJobs and LogAcks as they happen. A LogAck is sent only after the lines it covers are
 * written with their backups. An agent whose certificate names a host may register only as that
 * host (PERMISSION_DENIED and a SESSION_REFUSED event otherwise); a plaintext one, as any.
 */
public final class AgentSessionService extends AgentServiceGrpc.AgentServiceImplBase implements AutoCloseable {
    /** Messages queued for one agent before the session is cut off as not reading. */
    static final int OUTBOX_LIMIT = 10_000;
    /** Bytes of agents' lines queued for the store at most, all sessions together. */
    static final int INGEST_BYTES = 32 << 20;

    private final AgentReports reports;
    private final LogIngest ingest;
    private final SessionRegistry registry;
    private final Supplier<String> self;
    private final Executor executor;

    /**
     * @param self       this coordinator's gRPC address, as agents and other coordinators know it
     * @param executor   writes outbound messages (one drain per session at a time)
     * @param logWriters stores agents' lines (one append per job at a time); its threads block
     *                   on the store
     */
    public AgentSessionService(FleetStore store, SessionRegistry registry, Clock clock, Supplier<String> self,
            Executor executor, Executor logWriters) {
        this.reports = new AgentReports(store, clock);
        this.ingest = new LogIngest(store.logs(), jobId -> store.jobs().get(jobId)
                .map(job -> java.util.OptionalLong.of(job.getCreatedUnixMs())).orElse(java.util.OptionalLong.empty()),
                logWriters, INGEST_BYTES);
        this.registry = registry;
        this.self = self;
        this.executor = executor;
    }

    @Override
    public StreamObserver<AgentMessage> session(StreamObserver<CoordinatorMessage> responses) {
        Outbox outbox = new Outbox((ServerCallStreamObserver<CoordinatorMessage>) responses, executor, OUTBOX_LIMIT);
        // A session no interceptor saw is plaintext: only in-process tests bind the service bare.
        Caller caller = Caller.current().orElse(Caller.plaintext());
        AgentSession session = new AgentSession(outbox, reports, ingest, registry, self, caller);
        // The overflow is noticed on whatever thread offered (a store event thread among them):
        // ending the session writes to the store, so it happens elsewhere.
        outbox.onOverflow(() -> {
            try {
                executor.execute(() -> session.end(Status.RESOURCE_EXHAUSTED.withDescription("agent is not reading")));
            } catch (RejectedExecutionException e) {
                session.end(Status.UNAVAILABLE.withDescription("coordinator shutting down"));
            }
        });
        return session;
    }

    /** Fails the lines still queued for the store (their sessions end; the agents send them again). */
    @Override
    public void close() {
        ingest.close();
    }
}
