package io.dmon.coordinator.agents;

import io.dmon.coordinator.store.JobStore;
import io.dmon.coordinator.store.Subscription;
import io.dmon.proto.v1.Job;
import io.dmon.proto.v1.LogRange;
import io.dmon.proto.v1.SignalJob;
import io.grpc.Status;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The agent sessions this coordinator holds, by host, and the one job watch that feeds them: a
 * change of any job, made through any coordinator, reaches the session of its host if it is here.
 */
public final class SessionRegistry implements AutoCloseable {
    private final ConcurrentMap<String, AgentSession> sessions = new ConcurrentHashMap<>();
    private final Subscription watch;

    private SessionRegistry(JobStore jobs) {
        this.watch = jobs.watch(this::jobChanged);
    }

    /** A registry watching {@code jobs}. */
    public static SessionRegistry watching(JobStore jobs) {
        return new SessionRegistry(jobs);
    }

    /** How many sessions are held here. */
    public int size() {
        return sessions.size();
    }

    /** Whether a session of {@code host} is held here. */
    public boolean holds(String host) {
        return sessions.containsKey(host);
    }

    /** Sends a signal down the host's session here; false when there is none. */
    public boolean signal(String host, SignalJob signal) {
        AgentSession session = sessions.get(host);
        if (session == null) {
            return false;
        }
        session.signal(signal);
        return true;
    }

    /**
     * Asks the host's agent, through its session here, for the kept lines of one of its jobs from
     * {@code from} on. The future fails at once when this coordinator holds no session of the
     * host, and later when the session ends first; the caller bounds its wait.
     */
    public CompletableFuture<LogRange> readLogs(String host, String jobId, long from, int maxLines) {
        AgentSession session = sessions.get(host);
        if (session == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("no session of host " + host + " here"));
        }
        return session.readLogs(jobId, from, maxLines);
    }

    /** Ends every session (the coordinator is going away): their agents reconnect elsewhere. */
    @Override
    public void close() {
        watch.close();
        for (AgentSession session : List.copyOf(sessions.values())) {
            session.end(Status.UNAVAILABLE.withDescription("coordinator shutting down"));
        }
    }

    /** Makes {@code session} the host's session here; returns the one it replaces. */
    Optional<AgentSession> claim(String host, AgentSession session) {
        AgentSession older = sessions.put(host, session);
        return older == session ? Optional.empty() : Optional.ofNullable(older);
    }

    /** Forgets the host's session if it is still {@code session}; true when it was. */
    boolean forget(String host, AgentSession session) {
        return sessions.remove(host, session);
    }

    private void jobChanged(Job job, boolean removed) {
        AgentSession session = sessions.get(job.getHost());
        if (session != null) {
            session.jobChanged(job, removed);
        }
    }
}
