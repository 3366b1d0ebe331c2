package io.dmon.agent.link;

import io.dmon.wire.HostPort;
import io.grpc.ChannelCredentials;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What the link needs to know.
 *
 * @param name        this host's name, as coordinators and operators know it
 * @param labels      the host's labels (for placement)
 * @param version     the agent's version, reported on Register
 * @param addresses   the coordinators, tried in this agent's own order ({@link CoordinatorOrder})
 * @param diagnostics where to say that a coordinator was reached or lost (one line each)
 * @param preferredRetry how often, about, a coordinator preferred to the current one is dialled
 */
public record LinkConfig(String name, Map<String, String> labels, String version, List<HostPort> addresses,
                         ChannelCredentials credentials, LinkChannelFactory channels, Consumer<String> diagnostics,
                         Duration preferredRetry) {
    /** The default of {@code preferredRetry}. */
    public static final Duration DEFAULT_PREFERRED_RETRY = Duration.ofSeconds(30);

    public LinkConfig {
        labels = Map.copyOf(labels);
        addresses = List.copyOf(addresses);
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("no coordinator address");
        }
        if (preferredRetry.isNegative() || preferredRetry.isZero()) {
            throw new IllegalArgumentException("preferredRetry must be positive: " + preferredRetry);
        }
    }
}
