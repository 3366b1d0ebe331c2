package io.dmon.coordinator.operator;

import io.dmon.coordinator.fleet.JobId;
import io.dmon.coordinator.fleet.RpcErrors;
import io.dmon.coordinator.store.FleetStore;
import io.dmon.proto.v1.Job;
import io.dmon.proto.v1.LogChunk;
import io.dmon.proto.v1.LogsRequest;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * LogChunks: the last {@code tail} lines of each chosen job (of those stamped at or after
 * {@code since_unix_ms}, when given), merged in time order, then (with follow) every new line as
 * it is stored, through whichever coordinator its agent talks to. Following a host or the whole
 * fleet takes in jobs created after the call began. What one poll found goes as one message,
 * with the gaps it noticed.
 */
final class LogFeed {
    private final FleetStore store;
    private final Follower follower;
    private final HostLogs hostLogs;
    private final LogWakeups wakeups;

    LogFeed(FleetStore store, Follower follower, HostLogs hostLogs, LogWakeups wakeups) {
        this.store = store;
        this.follower = follower;
        this.hostLogs = hostLogs;
        this.wakeups = wakeups;
    }

    void logChunks(LogsRequest request, ServerCallStreamObserver<LogChunk> call) {
        Follower.Cancellation cancellation = Follower.watchCancel(call);
        follower.follow(call, cancellation, "LogChunks", source(request, cancellation));
    }

    /**
     * The stream's source; when following, each of its jobs (those that join later too) wakes it
     * as its lines are appended, until the stream ends.
     */
    private LogChunkSource source(LogsRequest request, Follower.Cancellation cancellation) {
        if (request.getTail() < -1) {
            throw RpcErrors.invalid("bad tail " + request.getTail() + ": give -1 (all kept), 0 or more");
        }
        if (request.getSinceUnixMs() < 0) {
            throw RpcErrors.invalid("bad since " + request.getSinceUnixMs()
                    + ": give a time in ms since the epoch, or 0 for none");
        }
        Supplier<List<String>> jobs = selection(request);
        Supplier<List<String>> growing = request.getJobIdsCount() == 0 ? jobs : null;
        Consumer<String> watch = !request.getFollow() ? id -> { }
                : id -> cancellation.onEnd(wakeups.watch(id, cancellation::news));
        try {
            return new LogChunkSource(store.logs(), hostLogs, jobs.get(), request.getTail(), request.getSinceUnixMs(),
                    request.getFollow(), growing, watch);
        } catch (RuntimeException e) {
            // The stream fails before it starts: the jobs watched so far are let go.
            cancellation.finished();
            throw e;
        }
    }

    /** The chosen jobs' ids, looked up now and (for a host or the fleet) again on each call. */
    private Supplier<List<String>> selection(LogsRequest request) {
        int selectors = (request.getJobIdsCount() > 0 ? 1 : 0) + (request.getHost().isEmpty() ? 0 : 1)
                + (request.getAll() ? 1 : 0);
        if (selectors != 1) {
            throw RpcErrors.invalid("give exactly one of job ids, host, all");
        }
        if (request.getJobIdsCount() > 0) {
            List<String> ids = new JobLookup(store.jobs()).existing(request.getJobIdsList()).stream()
                    .map(Job::getId).toList();
            return () -> ids;
        }
        if (request.getAll()) {
            return () -> store.jobs().all().stream().map(Job::getId).toList();
        }
        String host = request.getHost();
        JobId.hostProblem(host).ifPresent(problem -> {
            throw RpcErrors.invalid(problem);
        });
        if (store.hosts().get(host).isEmpty() && store.jobs().onHost(host).isEmpty()) {
            throw RpcErrors.notFound("unknown host '" + host + "'");
        }
        return () -> store.jobs().onHost(host).stream().map(Job::getId).toList();
    }
}
