package io.dmon.coordinator.agents;

import io.dmon.coordinator.store.JobStore;
import io.dmon.coordinator.store.Subscription;
import io.dmon.proto.v1.Job;
import io.dmon.proto.v1.SignalJob;
import io.grpc.Status;
import java.util.List;
import java.util.Optional;
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
     * The kept lines of a job of {@code host} from {@code from} on, asked of the host's agent
     * through its session here and awaited at most {@code wait}; empty when this coordinator holds
     * no session of the host, the session ends, or the agent does not answer in time.
     */
    public java.util.Optional<io.dmon.proto.v1.LogRange> readLogs(String host, String jobId, long from, int maxLines,
            java.time.Duration wait) {
        AgentSession session = sessions.get(host);
        if (session == null) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(session.readLogs(jobId, from, maxLines)
                    .get(wait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.Optional.empty();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return java.util.Optional.empty();
        }
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
