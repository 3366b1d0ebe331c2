package io.dmon.cli.client;

import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Waits until a channel has either connected or failed to. A call on a channel that is still
 * connecting would wait for its whole deadline (a silently dropped SYN never fails fast), so the
 * client bounds the connecting part itself and moves on to the next coordinator.
 */
final class Readiness {
    private Readiness() {
    }

    /**
     * True when {@code channel} is READY or has failed (TRANSIENT_FAILURE: a call fails at once and
     * tells why) within {@code nanos}; false when it is still connecting then.
     *
     * @throws InterruptedException when the waiting thread is interrupted
     */
    static boolean settled(ManagedChannel channel, long nanos) throws InterruptedException {
        long end = System.nanoTime() + nanos;
        ConnectivityState state = channel.getState(true);
        while (state == ConnectivityState.IDLE || state == ConnectivityState.CONNECTING) {
            CountDownLatch changed = new CountDownLatch(1);
            channel.notifyWhenStateChanged(state, changed::countDown);
            long left = end - System.nanoTime();
            if (left <= 0 || !changed.await(left, TimeUnit.NANOSECONDS)) {
                return false;
            }
            state = channel.getState(true);
        }
        return true;
    }
}
