package io.dmon.containers;

import java.time.Duration;
import java.util.function.Supplier;

/** Polls a condition until a deadline; the failure names what was awaited and what was last seen. */
final class Await {
    private Await() {
    }

    /** Polls {@code probe} every 100 ms until {@code done} holds for its value; returns that value. */
    static <T> T until(String what, Duration max, Supplier<T> probe, java.util.function.Predicate<T> done)
            throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        T last = null;
        RuntimeException lastError = null;
        while (true) {
            try {
                last = probe.get();
                lastError = null;
                if (done.test(last)) {
                    return last;
                }
            } catch (RuntimeException e) {
                lastError = e;
            }
            if (System.nanoTime() > deadline) {
                AssertionError failure = new AssertionError("not within " + max.toSeconds() + " s: " + what
                        + "; last seen: " + (lastError != null ? lastError : last));
                if (lastError != null) {
                    failure.initCause(lastError);
                }
                throw failure;
            }
            Thread.sleep(100);
        }
    }

    static void until(String what, Duration max, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        until(what, max, condition::getAsBoolean, ok -> ok);
    }
}
