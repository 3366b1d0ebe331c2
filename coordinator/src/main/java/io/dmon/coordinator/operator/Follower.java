package io.dmon.coordinator.operator;

import io.dmon.coordinator.rpc.RpcStatus;
import io.grpc.stub.ServerCallStreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps a server stream fed from a source that is polled: at once when started, at once again
 * after a poll that says more is waiting, as soon as someone says there is news (the store
 * appended lines the source reads: {@link Cancellation#news()}), as soon as gRPC says the client
 * can take more after its buffer was full (with a look every {@code BUSY_CLIENT_MILLIS} in case
 * that news is lost), and every {@code interval} in any case, until the client cancels or the
 * source says it is done. A source is polled by one thread at a time, and only while the client
 * can take more (flow control): what is not read yet stays in the store, not in this process's
 * memory. Polling the store's rings never parks a store thread; the news only shortens the wait.
 * (Sitting out a whole interval whenever the client was briefly not ready let a follower of a
 * fast job fall behind the ring: measured, half the lines of a burst.)
 */
final class Follower {
    /** One poll of the source: what is new since the last, oldest first. */
    @FunctionalInterface
    interface Source<T> {
        Poll<T> poll();

        /**
         * The client cannot take more now (it is told when it can): the source may read ahead,
         * within its bounds, what would otherwise be gone by then.
         */
        default void whileBusy() {
        }
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
        new Task<>(call, cancellation, what, source).start();
    }

    /**
     * Notes the call's cancellation and readiness; must be called before the service method
     * returns (gRPC takes both handlers only then).
     */
    static Cancellation watchCancel(ServerCallStreamObserver<?> call) {
        Cancellation cancellation = new Cancellation();
        call.setOnCancelHandler(cancellation::cancel);
        call.setOnReadyHandler(cancellation::news);
        return cancellation;
    }

    /**
     * Whether the client cancelled; who to wake when there is news or it can take more; and what
     * to undo once the stream has ended, however it ended.
     */
    static final class Cancellation {
        private volatile boolean cancelled;
        private volatile Runnable wake = () -> { };
        private final List<Runnable> onEnd = new ArrayList<>();
        private boolean ended;

        void cancel() {
            cancelled = true;
            finished();
        }

        boolean isCancelled() {
            return cancelled;
        }

        /** Something the stream waits for happened: its source is polled soon. Any thread, never blocks. */
        void news() {
            wake.run();
        }

        /** Runs {@code action} once the stream has ended (at once when it has already). */
        void onEnd(Runnable action) {
            synchronized (this) {
                if (!ended) {
                    onEnd.add(action);
                    return;
                }
            }
            action.run();
        }

        /** The stream has ended (or never started): runs what was to run then, once. */
        void finished() {
            List<Runnable> actions;
            synchronized (this) {
                if (ended) {
                    return;
                }
                ended = true;
                actions = List.copyOf(onEnd);
                onEnd.clear();
            }
            actions.forEach(Runnable::run);
        }
    }

    /**
     * One stream's polls. Its state says who runs it next: nobody (IDLE: a timer or news will
     * kick it), the scheduler (QUEUED), or itself, once more at once (AGAIN: news came while it
     * was polling). Kicks from any thread only move the state; a single poll runs at a time.
     */
    private final class Task<T> implements Runnable {
        private static final int IDLE = 0;
        private static final int QUEUED = 1;
        private static final int RUNNING = 2;
        private static final int AGAIN = 3;
        private static final int DONE = 4;

        private final ServerCallStreamObserver<T> call;
        private final Cancellation cancellation;
        private final String what;
        private final Source<T> source;
        private final AtomicInteger state = new AtomicInteger(QUEUED);
        /** The look scheduled for when no news comes; touched only by the poll running. */
        private ScheduledFuture<?> timer;

        Task(ServerCallStreamObserver<T> call, Cancellation cancellation, String what, Source<T> source) {
            this.call = call;
            this.cancellation = cancellation;
            this.what = what;
            this.source = source;
            cancellation.wake = this::kick;
        }

        void start() {
            submit();
        }

        /** Polls soon: at once when idle, once more after the poll under way when there is one. */
        private void kick() {
            while (true) {
                int s = state.get();
                if (s == IDLE) {
                    if (state.compareAndSet(IDLE, QUEUED)) {
                        submit();
                        return;
                    }
                } else if (s == RUNNING) {
                    if (state.compareAndSet(RUNNING, AGAIN)) {
                        return;
                    }
                } else {
                    return;
                }
            }
        }

        @Override
        public void run() {
            if (!state.compareAndSet(QUEUED, RUNNING)) {
                return;
            }
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
            if (cancellation.isCancelled()) {
                end();
                return;
            }
            if (!call.isReady()) {
                try {
                    source.whileBusy();
                } catch (RuntimeException e) {
                    fail(e);
                    return;
                }
                // gRPC's onReady kicks when the client can take more; the timer in case that news is lost.
                idle(BUSY_CLIENT_MILLIS);
                return;
            }
            Poll<T> poll;
            try {
                poll = source.poll();
                poll.items().forEach(call::onNext);
            } catch (RuntimeException e) {
                fail(e);
                return;
            }
            if (poll.last()) {
                call.onCompleted();
                end();
                return;
            }
            if (poll.more()) {
                state.set(QUEUED);
                submit();
                return;
            }
            if (poll.wake() != null) {
                // The answer the source waits for, or the interval, whichever is first.
                poll.wake().whenComplete((r, e) -> kick());
            }
            idle(interval.toMillis());
        }

        /** Waits for news, or {@code delayMs}; polls again at once if news came during this poll. */
        private void idle(long delayMs) {
            try {
                timer = scheduler.schedule(this::kick, delayMs, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // The coordinator is closing; its server cancels this call.
                state.set(DONE);
                return;
            }
            if (!state.compareAndSet(RUNNING, IDLE)) {
                state.set(QUEUED);
                submit();
            }
        }

        private void fail(RuntimeException e) {
            if (!cancellation.isCancelled()) {
                call.onError(RpcStatus.of(what, e).asRuntimeException());
            }
            end();
        }

        private void end() {
            state.set(DONE);
            cancellation.finished();
        }

        private void submit() {
            try {
                scheduler.execute(this);
            } catch (RejectedExecutionException e) {
                // The coordinator is closing; its server cancels this call.
                state.set(DONE);
            }
        }
    }
}
