package io.dmon.coordinator.fleet;

import io.dmon.proto.v1.HostView;
import java.time.Clock;
import java.time.Duration;

/**
 * When a host counts as UP: a coordinator holds its agent session and heard from it within the
 * last {@link #DOWN_AFTER}. The second half catches a coordinator that died holding sessions: its
 * hosts go DOWN by silence, no one has to notice the death.
 */
public final class HostLiveness {
    /** Silence after which a host is DOWN even though its session looks held. */
    public static final Duration DOWN_AFTER = Duration.ofSeconds(10);

    private final Clock clock;

    public HostLiveness(Clock clock) {
        this.clock = clock;
    }

    public boolean isUp(HostView host) {
        long silentMs = clock.millis() - host.getLastSeenUnixMs();
        return !host.getCoordinator().isEmpty() && silentMs <= DOWN_AFTER.toMillis();
    }

    /** The stored view with {@code up} computed. */
    public HostView withUp(HostView host) {
        return host.toBuilder().setUp(isUp(host)).build();
    }

    public long nowMs() {
        return clock.millis();
    }
}
