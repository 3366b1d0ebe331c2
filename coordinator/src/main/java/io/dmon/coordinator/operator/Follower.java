package io.dmon.coordinator.operator;

import io.dmon.coordinator.rpc.RpcStatus;
import io.grpc.stub.ServerCallStreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps a server stream fed from a source that is polled: at once when started, every
 * {@code interval} after, at once again after a poll that says more is waiting, and after a few
 * as soon as gRPC says the client can take more after its buffer was full (with a look every
 * {@code BUSY_CLIENT_MILLIS} in case that news is lost), until it cancels or the source says it
 * is done.
 * Polling the store's rings never parks a store thread and needs no listener to clean up; one
 * that cancels is dropped at the next tick. A source is only polled while the client can take
 * more (flow control): what is not read yet stays in the store, not in this process's memory.
 * (Sitting out a whole interval whenever the client was briefly not ready let a follower of a
 * fast job fall behind the ring: measured, half the lines of a burst.)
 */
final class Follower {
    /** One poll of the source: what is new since the last, oldest first. */
    @FunctionalInterface
    interface Source<T> {
        Poll<T> poll();
    }

    /**
     * What one poll found.
     *
     * @param items to send, in order
     * @param more  more is waiting already: poll again at once
     * @param last  the stream ends after these items
     * @param wake  when not null and nothing more is waiting: poll again as soon as it completes
     *              (an answer the source waits for), or after the interval, whichever is first
     */
    record Poll<T>(List<T> items, boolean more, boolean last, CompletableFuture<?> wake) {
        Poll {
            items = List.copyOf(items);
        }

        Poll(List<T> items, boolean more, boolean last) {
            this(items, more, last, null);
        }
    }

    /** How soon to look again when the client could not take more and gRPC has not said it can. */
    private static final long BUSY_CLIENT_MILLIS = 50;

    private final ScheduledExecutorService scheduler;
    private final Duration interval;

    Follower(ScheduledExecutorService scheduler, Duration interval) {
        this.scheduler = scheduler;
        this.interval = interval;
    }

    /**
     * Starts feeding the call; the first poll runs at once. The call's cancel handler must have
     * been set by {@link #watchCancel} during the call itself (gRPC allows it only then).
     */
    <T> void follow(ServerCallStreamObserver<T> call, Cancellation cancellation, String what, Source<T> source) {
        new Task<>(call, cancellation, what, source).schedule(0);
    }

    /**
     * Notes the call's cancellation and readiness; must be called before the service method
     * returns (gRPC takes both handlers only then).
     */
    static Cancellation watchCancel(ServerCallStreamObserver<?> call) {
        Cancellation cancellation = new Cancellation();
        call.setOnCancelHandler(cancellation::cancel);
        call.setOnReadyHandler(cancellation::ready);
        return cancellation;
    }

    /** Whether the client cancelled; and who to wake when it can take more. */
    static final class Cancellation {
        private volatile boolean cancelled;
        private volatile Runnable onReady = () -> { };

        void cancel() {
            cancelled = true;
        }

        boolean isCancelled() {
            return cancelled;
        }

        private void ready() {
            onReady.run();
        }
    }

    private final class Task<T> implements Runnable {
        private final ServerCallStreamObserver<T> call;
        private final Cancellation cancellation;
        private final String what;
        private final Source<T> source;
        /** Waiting for the client: whoever clears it first (gRPC's news, the timer) runs the task. */
        private final AtomicBoolean parked = new AtomicBoolean();

        Task(ServerCallStreamObserver<T> call, Cancellation cancellation, String what, Source<T> source) {
            this.call = call;
            this.cancellation = cancellation;
            this.what = what;
            this.source = source;
            cancellation.onReady = this::unpark;
        }

        private void unpark() {
            if (parked.compareAndSet(true, false)) {
                schedule(0);
            }
        }

        @Override
        public void run() {
            if (cancellation.isCancelled()) {
                return;
            }
            if (!call.isReady()) {
                parked.set(true);
                scheduleCheck();
                if (call.isReady()) {
                    // Ready between the look and parking: its news may have come before.
                    unpark();
                }
                return;
            }
            Poll<T> poll;
            try {
                poll = source.poll();
                poll.items().forEach(call::onNext);
            } catch (RuntimeException e) {
                if (!cancellation.isCancelled()) {
                    call.onError(RpcStatus.of(what, e).asRuntimeException());
                }
                return;
            }
            if (poll.last()) {
                call.onCompleted();
                return;
            }
            if (!poll.more() && poll.wake() != null) {
                // Whichever comes first, once: the answer waited for or the interval.
                CompletableFuture<Object> timer = new CompletableFuture<>()
                        .completeOnTimeout(null, interval.toMillis(), TimeUnit.MILLISECONDS);
                CompletableFuture.anyOf(poll.wake(), timer).whenComplete((r, e) -> schedule(0));
                return;
            }
            schedule(poll.more() ? 0 : interval.toMillis());
        }

        private void scheduleCheck() {
            try {
                scheduler.schedule(this::unpark, BUSY_CLIENT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // The coordinator is closing.
            }
        }

        void schedule(long delayMs) {
            try {
                scheduler.schedule(this, delayMs, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // The coordinator is closing; its server cancels this call.
            }
        }
    }
}
