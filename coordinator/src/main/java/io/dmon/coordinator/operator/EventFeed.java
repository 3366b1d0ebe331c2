package io.dmon.coordinator.operator;

import io.dmon.coordinator.fleet.RpcErrors;
import io.dmon.coordinator.store.EventBus;
import io.dmon.coordinator.store.FleetStore;
import io.dmon.coordinator.store.Page;
import io.dmon.proto.v1.EventsRequest;
import io.dmon.proto.v1.JobEvent;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Events: the most recent ones of the whole fleet (or of the jobs a selector matches, since a
 * time), then (with follow) every new one, without a gap. The ring holds them in the order they
 * were stored, which for agents that batch their reports is not quite time order: what is sent
 * at once is sorted by time first. Asked about jobs by id, the recent events are those since each
 * job's last removal ({@link LatestIncarnation}).
 */
final class EventFeed {
    /** What {@code recent = 0} means without since: proto3 cannot tell "not given" from 0. */
    static final int DEFAULT_RECENT = 100;
    static final int BATCH = 1000;
    private static final Comparator<JobEvent> BY_TIME = Comparator.comparingLong(JobEvent::getUnixMs);

    private final EventBus events;
    private final FleetStore store;
    private final Follower follower;

    EventFeed(FleetStore store, Follower follower) {
        this.events = store.events();
        this.store = store;
        this.follower = follower;
    }

    void events(EventsRequest request, ServerCallStreamObserver<JobEvent> call) {
        Follower.Cancellation cancellation = Follower.watchCancel(call);
        if (request.getRecent() < 0) {
            throw RpcErrors.invalid(
                    "bad recent " + request.getRecent() + ": give 0 (default " + DEFAULT_RECENT + ") or more");
        }
        EventFilter wanted = new EventFilter(store, request);
        int recent = request.getRecent() != 0 ? request.getRecent()
                : request.getSinceUnixMs() > 0 ? Integer.MAX_VALUE : DEFAULT_RECENT;
        Page<JobEvent> kept = events.recent(wanted.narrows() ? -1 : recent);
        // Asked about jobs by id: those jobs as they are now, not earlier jobs of the same id.
        List<JobEvent> stored = request.hasSelector() && request.getSelector().getJobIdsCount() > 0
                ? LatestIncarnation.of(kept.items()) : kept.items();
        List<JobEvent> first = new ArrayList<>(stored.stream().filter(wanted).toList());
        first.sort(BY_TIME);
        first.subList(0, Math.max(0, first.size() - recent)).clear();
        first.forEach(call::onNext);
        if (!request.getFollow()) {
            call.onCompleted();
            return;
        }
        long[] cursor = {kept.next()};
        follower.follow(call, cancellation, "Events", () -> {
            Page<JobEvent> page = events.read(cursor[0], BATCH);
            cursor[0] = page.next();
            List<JobEvent> batch = new ArrayList<>(page.items().stream().filter(wanted).toList());
            batch.sort(BY_TIME);
            return new Follower.Poll<>(batch, page.items().size() >= BATCH, false);
        });
    }
}
