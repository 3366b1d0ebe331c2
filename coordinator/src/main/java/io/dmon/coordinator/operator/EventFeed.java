package io.dmon.coordinator.operator;

import io.dmon.coordinator.fleet.RpcErrors;
import io.dmon.coordinator.store.EventBus;
import io.dmon.coordinator.store.Page;
import io.dmon.proto.v1.EventsRequest;
import io.dmon.proto.v1.JobEvent;
import io.grpc.stub.ServerCallStreamObserver;

/** Events: the most recent ones of the whole fleet, then (with follow) every new one, without a gap. */
final class EventFeed {
    /** What {@code recent = 0} means: proto3 cannot tell "not given" from 0. */
    static final int DEFAULT_RECENT = 100;
    static final int BATCH = 1000;

    private final EventBus events;
    private final Follower follower;

    EventFeed(EventBus events, Follower follower) {
        this.events = events;
        this.follower = follower;
    }

    void events(EventsRequest request, ServerCallStreamObserver<JobEvent> call) {
        Follower.Cancellation cancellation = Follower.watchCancel(call);
        if (request.getRecent() < 0) {
            throw RpcErrors.invalid(
                    "bad recent " + request.getRecent() + ": give 0 (default " + DEFAULT_RECENT + ") or more");
        }
        Page<JobEvent> recent = events.recent(request.getRecent() == 0 ? DEFAULT_RECENT : request.getRecent());
        recent.items().forEach(call::onNext);
        if (!request.getFollow()) {
            call.onCompleted();
            return;
        }
        long[] cursor = {recent.next()};
        follower.follow(call, cancellation, "Events", () -> {
            Page<JobEvent> page = events.read(cursor[0], BATCH);
            cursor[0] = page.next();
            return new Follower.Poll<>(page.items(), page.items().size() >= BATCH, false);
        });
    }
}
