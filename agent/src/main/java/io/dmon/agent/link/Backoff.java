package io.dmon.agent.link;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Reconnect delays: exponential from 100 ms to a 5 s cap, with jitter, so a fleet whose
 * coordinator restarts does not reconnect in one synchronized wave.
 */
final class Backoff {
    private static final long BASE_MILLIS = 100;
    private static final long CAP_MILLIS = 5_000;
    private int attempt;

    long nextDelayMillis() {
        long ceiling = Math.min(CAP_MILLIS, BASE_MILLIS << Math.min(attempt, 16));
        attempt++;
        return ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1);
    }

    void reset() {
        attempt = 0;
    }
}
