package io.dmon.coordinator.agents;

import io.dmon.proto.v1.CoordinatorMessage;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The outbound half of one agent session. Anyone may {@link #offer} from any thread without
 * blocking (store listener threads among them); one drain at a time, on the executor, writes to
 * the stream, which is not thread-safe, and only while the transport is ready for more. An agent
 * that stops reading is cut off at {@link #limit} queued messages instead of growing the heap:
 * desired state is level-triggered, so its next session starts whole again.
 */
final class Outbox {
    private final ServerCallStreamObserver<CoordinatorMessage> stream;
    private final Executor executor;
    private final int limit;
    private final Queue<CoordinatorMessage> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean draining = new AtomicBoolean();
    private volatile Status closing;
    private volatile boolean closed;
    private volatile Runnable onOverflow = () -> { };

    Outbox(ServerCallStreamObserver<CoordinatorMessage> stream, Executor executor, int limit) {
        this.stream = stream;
        this.executor = executor;
        this.limit = limit;
        stream.setOnReadyHandler(this::schedule);
    }

    /** Called (once) when the agent fell {@link #limit} messages behind and the stream was closed. */
    void onOverflow(Runnable action) {
        this.onOverflow = action;
    }

    void offer(CoordinatorMessage message) {
        if (closing != null) {
            return;
        }
        if (queued.incrementAndGet() > limit) {
            close(Status.RESOURCE_EXHAUSTED.withDescription("agent is not reading: " + limit + " messages queued"));
            onOverflow.run();
            return;
        }
        queue.add(message);
        schedule();
    }

    /** Ends the stream after what is queued: OK completes it, anything else fails it. */
    void close(Status status) {
        if (closing == null) {
            synchronized (this) {
                if (closing == null) {
                    closing = status;
                }
            }
        }
        schedule();
    }

    boolean isClosed() {
        return closing != null;
    }

    private void schedule() {
        if (!closed && draining.compareAndSet(false, true)) {
            try {
                executor.execute(this::drain);
            } catch (RejectedExecutionException e) {
                // The coordinator is closing: its server cancels the call, nothing more to send.
                closed = true;
                queue.clear();
                draining.set(false);
            }
        }
    }

    private void drain() {
        try {
            while (!closed && canProgress()) {
                if (mustFinish()) {
                    finish(closing);
                } else {
                    queued.decrementAndGet();
                    stream.onNext(queue.poll());
                }
            }
        } catch (RuntimeException e) {
            // The call is gone (cancelled by the agent, closed by the transport): nothing to send to.
            closed = true;
            queue.clear();
        } finally {
            draining.set(false);
        }
        // Something may have arrived between the last check and releasing the drain.
        if (!closed && canProgress()) {
            schedule();
        }
    }

    private boolean canProgress() {
        return mustFinish() || (!queue.isEmpty() && stream.isReady());
    }

    /** A failure ends the stream at once; a normal end waits for what is queued. */
    private boolean mustFinish() {
        Status status = closing;
        return status != null && (queue.isEmpty() || !status.isOk());
    }

    private void finish(Status status) {
        closed = true;
        queue.clear();
        if (stream.isCancelled()) {
            return;
        }
        if (status.isOk()) {
            stream.onCompleted();
        } else {
            stream.onError(status.asRuntimeException());
        }
    }
}
