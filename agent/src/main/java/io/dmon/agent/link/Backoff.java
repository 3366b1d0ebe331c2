package io.dmon.agent.link;

import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with full jitter: the n-th wait is uniform in [0, min(cap, initial × 2^n)),
 * so a fleet of agents that lost the same coordinator does not come back in one wave. Pure: the
 * random source is injected.
 */
final class Backoff {
    private final long initialNanos;
    private final long capNanos;
    private final DoubleSupplier random;
    private int attempt;

    /** @param random uniform in [0, 1) */
    Backoff(long initialNanos, long capNanos, DoubleSupplier random) {
        this.initialNanos = initialNanos;
        this.capNanos = capNanos;
        this.random = random;
    }

    /** The wait before the next attempt. */
    long nextNanos() {
        long ceiling = attempt >= 30 ? capNanos : Math.min(capNanos, initialNanos << attempt);
        attempt++;
        return (long) (random.getAsDouble() * ceiling);
    }

    /** A session got through: start small again. */
    void reset() {
        attempt = 0;
    }
}
