package io.dmon.agent.link;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes the link's sending thread when there is something to send. {@link #wake()} never blocks
 * for longer than a few instructions, so supervisor and pump threads may call it.
 */
final class Wakeup {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private boolean pending;

    void wake() {
        lock.lock();
        try {
            pending = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until woken (or woken since the last wait) or {@code nanos} passed. */
    void await(long nanos) throws InterruptedException {
        lock.lock();
        try {
            long left = nanos;
            while (!pending && left > 0) {
                left = changed.awaitNanos(left);
            }
            pending = false;
        } finally {
            lock.unlock();
        }
    }

    /** As {@link #await(long)}, in milliseconds. */
    void awaitMillis(long millis) throws InterruptedException {
        await(TimeUnit.MILLISECONDS.toNanos(millis));
    }
}
