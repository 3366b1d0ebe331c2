package io.dmon.agent.link;

import io.dmon.wire.HostPort;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.DoubleSupplier;
import java.util.function.Function;

/**
 * While the agent is with a coordinator that is not its first choice, dials the ones it prefers
 * every so often (the interval jittered by ±50 %, so agents that failed over together do not come
 * back together) and says when one of them answers. A dial only starts a connection; whether it
 * got through is read from the channel's state at later checks, so nothing here waits.
 */
final class PreferredProbe {
    private final List<HostPort> preferred;
    private final Function<HostPort, ManagedChannel> channels;
    private final long intervalNanos;
    private final DoubleSupplier random;
    private long nextDialNanos;
    private boolean dialled;

    /**
     * @param preferred the addresses before the current one, most preferred first (may be empty)
     * @param random    uniform in [0, 1)
     */
    PreferredProbe(List<HostPort> preferred, Function<HostPort, ManagedChannel> channels, long intervalNanos,
                   DoubleSupplier random, long nowNanos) {
        this.preferred = List.copyOf(preferred);
        this.channels = channels;
        this.intervalNanos = intervalNanos;
        this.random = random;
        this.nextDialNanos = nowNanos + jittered();
    }

    /** The index in the preferred list of the first address that answers now, if one does. */
    OptionalInt answering(long nowNanos) {
        if (preferred.isEmpty()) {
            return OptionalInt.empty();
        }
        if (nowNanos - nextDialNanos >= 0) {
            for (HostPort address : preferred) {
                ManagedChannel channel = channels.apply(address);
                // The channel's own reconnect backoff (up to 2 min) must not stretch our interval.
                channel.resetConnectBackoff();
                channel.getState(true);
            }
            dialled = true;
            nextDialNanos = nowNanos + jittered();
        }
        if (!dialled) {
            // A channel left READY by an earlier session is no news: only a dial of ours counts.
            return OptionalInt.empty();
        }
        for (int i = 0; i < preferred.size(); i++) {
            if (channels.apply(preferred.get(i)).getState(false) == ConnectivityState.READY) {
                return OptionalInt.of(i);
            }
        }
        return OptionalInt.empty();
    }

    private long jittered() {
        return (long) (intervalNanos * (0.5 + random.getAsDouble()));
    }
}
