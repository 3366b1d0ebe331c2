package io.dmon.coordinator;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polls for a condition until a generous deadline: tests assert behaviour, not timing. */
public final class Eventually {
    public static final Duration DEADLINE = Duration.ofSeconds(20);

    private Eventually() {
    }

    /** The first value that satisfies {@code done}; fails with {@code what} at the deadline. */
    public static <T> T await(String what, Supplier<T> probe, Predicate<T> done) {
        Instant deadline = Instant.now().plus(DEADLINE);
        T last = probe.get();
        while (!done.test(last)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within " + DEADLINE.toSeconds() + " s: " + what + "; last seen: " + last);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
            last = probe.get();
        }
        return last;
    }

    public static void awaitTrue(String what, Supplier<Boolean> condition) {
        await(what, condition, Boolean::booleanValue);
    }
}
