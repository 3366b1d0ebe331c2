package io.dmon.coordinator.operator;

import io.dmon.coordinator.fleet.RpcErrors;
import io.grpc.stub.ServerCallStreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a server stream fed from a source that is polled: every {@code interval}, at once again
 * after a full batch, and at once when a client that was not reading becomes ready again, until
 * it cancels. Polling the store's rings never parks a store thread and needs no listener to clean
 * up; one that cancels is dropped at the next tick. Without the ready wake-up a follower of a
 * fast job sat out whole intervals and fell behind the ring (measured: half the lines of a burst).
 */
final class Follower {
    /** One poll of the source: what is new since the last, oldest first. */
    @FunctionalInterface
    interface Source<T> {
        List<T> poll();
    }

    private final ScheduledExecutorService scheduler;
    private final Duration interval;
    private final int batch;

    /**
     * @param batch a poll returning this many items or more is followed by another at once
     */
    Follower(ScheduledExecutorService scheduler, Duration interval, int batch) {
        this.scheduler = scheduler;
        this.interval = interval;
        this.batch = batch;
    }

    /**
     * Starts following. The call's cancel handler must have been set by {@link #watchCancel}
     * during the call itself (gRPC allows it only then).
     */
    <T> void follow(ServerCallStreamObserver<T> call, Cancellation cancellation, String what, Source<T> source) {
        new Task<>(call, cancellation, what, source).schedule(interval.toMillis());
    }

    /** Notes the call's cancellation and readiness; must be called before the service method returns. */
    static Cancellation watchCancel(ServerCallStreamObserver<?> call) {
        Cancellation cancellation = new Cancellation();
        call.setOnCancelHandler(cancellation::cancel);
        call.setOnReadyHandler(cancellation::ready);
        return cancellation;
    }

    /** Whether the client cancelled; and who to tell when it can take more. */
    static final class Cancellation {
        private volatile boolean cancelled;
        private volatile Runnable onReady = () -> { };

        void cancel() {
            cancelled = true;
        }

        void ready() {
            onReady.run();
        }

        boolean isCancelled() {
            return cancelled;
        }
    }

    private final class Task<T> {
        private final ServerCallStreamObserver<T> call;
        private final Cancellation cancellation;
        private final String what;
        private final Source<T> source;
        /** Only the newest scheduled poll runs, so a ready wake-up never starts a second chain. */
        private final java.util.concurrent.atomic.AtomicLong generation = new java.util.concurrent.atomic.AtomicLong();
        private final java.util.concurrent.locks.ReentrantLock polling = new java.util.concurrent.locks.ReentrantLock();

        Task(ServerCallStreamObserver<T> call, Cancellation cancellation, String what, Source<T> source) {
            this.call = call;
            this.cancellation = cancellation;
            this.what = what;
            this.source = source;
            cancellation.onReady = () -> schedule(0);
        }

        private void run(long scheduledAs) {
            if (cancellation.isCancelled() || scheduledAs != generation.get() || !polling.tryLock()) {
                return;
            }
            int sent = 0;
            try {
                if (call.isReady()) {
                    for (T item : source.poll()) {
                        call.onNext(item);
                        sent++;
                    }
                }
            } catch (RuntimeException e) {
                if (!cancellation.isCancelled()) {
                    call.onError(RpcErrors.toStatus(what, e).asRuntimeException());
                }
                return;
            } finally {
                polling.unlock();
            }
            if (scheduledAs == generation.get()) {
                schedule(sent >= batch ? 0 : interval.toMillis());
            }
        }

        void schedule(long delayMs) {
            long mine = generation.incrementAndGet();
            try {
                scheduler.schedule(() -> run(mine), delayMs, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // The coordinator is closing; its server cancels this call.
            }
        }
    }
}
