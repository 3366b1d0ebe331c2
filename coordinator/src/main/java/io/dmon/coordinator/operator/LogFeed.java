package io.dmon.coordinator.operator;

import io.dmon.coordinator.fleet.JobId;
import io.dmon.coordinator.fleet.RpcErrors;
import io.dmon.coordinator.store.FleetStore;
import io.dmon.coordinator.store.Page;
import io.dmon.proto.v1.Job;
import io.dmon.proto.v1.LogLine;
import io.dmon.proto.v1.LogsRequest;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Logs: the last {@code tail} lines of each chosen job, merged in time order, then (with follow)
 * every new line as it is stored, through whichever coordinator its agent talks to. Following a
 * host or the whole fleet takes in jobs created after the call began.
 */
final class LogFeed {
    /** Lines read from one job's ring per poll. */
    static final int BATCH = 1000;
    /** Polls between two looks for new jobs when following a host or the fleet. */
    private static final int RESOLVE_EVERY = 10;
    private static final Comparator<LogLine> IN_TIME_ORDER = Comparator.comparingLong(LogLine::getUnixMs)
            .thenComparingLong(LogLine::getSeq).thenComparing(LogLine::getJobId);

    private final FleetStore store;
    private final Follower follower;

    LogFeed(FleetStore store, Follower follower) {
        this.store = store;
        this.follower = follower;
    }

    void logs(LogsRequest request, ServerCallStreamObserver<LogLine> call) {
        Follower.Cancellation cancellation = Follower.watchCancel(call);
        if (request.getTail() < -1) {
            throw RpcErrors.invalid("bad tail " + request.getTail() + ": give -1 (all kept), 0 or more");
        }
        Supplier<List<String>> jobs = selection(request);
        Map<String, Long> cursors = new LinkedHashMap<>();
        List<LogLine> history = new ArrayList<>();
        for (String id : jobs.get()) {
            Page<LogLine> page = store.logs().tail(id, request.getTail());
            history.addAll(page.items());
            cursors.put(id, page.next());
        }
        history.sort(IN_TIME_ORDER);
        history.forEach(call::onNext);
        if (!request.getFollow()) {
            call.onCompleted();
            return;
        }
        boolean growing = request.getJobIdsCount() == 0;
        int[] polls = {0};
        follower.follow(call, cancellation, "Logs", () -> {
            if (growing && ++polls[0] % RESOLVE_EVERY == 0) {
                // A job created since: everything it has is new to this follower.
                jobs.get().forEach(id -> cursors.putIfAbsent(id, 0L));
            }
            List<LogLine> fresh = new ArrayList<>();
            cursors.replaceAll((id, from) -> {
                Page<LogLine> page = store.logs().read(id, from, BATCH);
                fresh.addAll(page.items());
                return page.next();
            });
            fresh.sort(IN_TIME_ORDER);
            return fresh;
        });
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
