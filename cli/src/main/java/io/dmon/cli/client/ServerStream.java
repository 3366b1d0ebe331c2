package io.dmon.cli.client;

import io.dmon.proto.v1.OperatorServiceGrpc.OperatorServiceBlockingStub;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Iterator;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The messages of one server-streaming call, read one at a time with flow control (the server
 * is held back while dmonctl is slow to print). {@link #cancel()} may be called from any thread
 * and makes {@link #next()} return end-of-stream.
 *
 * <p>When a coordinator is UNAVAILABLE before it sent anything, the request goes to the next one,
 * as for unary calls. When it goes away after it sent something, a <em>resumable</em> stream
 * sends the request again through the others (the reader has to drop what it has already seen;
 * log lines carry (job, seq) for that), and any other stream fails: starting it again would repeat
 * what was already shown. A stream gives up when no coordinator is left that has not failed since
 * the last message arrived.
 *
 * @param <T> the message type
 */
public final class ServerStream<T> implements AutoCloseable {
    private final OperatorClient client;
    private final Function<OperatorServiceBlockingStub, Iterator<T>> rpc;
    private final boolean bounded;
    private final boolean resumable;
    private CallFailures failures = new CallFailures();
    private volatile OperatorClient.Opened<T> current;
    private volatile boolean cancelled;
    private volatile Consumer<String> onResume = why -> { };
    private boolean receivedOnCurrent;

    ServerStream(OperatorClient client, Function<OperatorServiceBlockingStub, Iterator<T>> rpc, boolean bounded,
            boolean resumable) {
        this.client = client;
        this.rpc = rpc;
        this.bounded = bounded;
        this.resumable = resumable;
    }

    /** Tells {@code listener} why, each time the stream is resumed through another coordinator. */
    public ServerStream<T> onResume(Consumer<String> listener) {
        this.onResume = listener;
        return this;
    }

    /**
     * The next message, or null at the end of the stream or after {@link #cancel()}. Blocks until
     * one comes.
     *
     * @throws io.dmon.cli.CliException when the call fails
     */
    public T next() {
        while (true) {
            if (cancelled) {
                return null;
            }
            OperatorClient.Opened<T> call = current;
            if (call == null) {
                call = client.open(rpc, bounded, failures);
                current = call;
                receivedOnCurrent = false;
                if (cancelled) {
                    call.context().cancel(null);
                    return null;
                }
            }
            try {
                if (!call.iterator().hasNext()) {
                    return null;
                }
                T message = call.iterator().next();
                if (!receivedOnCurrent) {
                    receivedOnCurrent = true;
                    // This coordinator works: every other one deserves a new chance should it fail.
                    failures = new CallFailures();
                }
                return message;
            } catch (StatusRuntimeException e) {
                if (cancelled) {
                    return null;
                }
                boolean unavailable = e.getStatus().getCode() == Status.Code.UNAVAILABLE;
                if (!unavailable || (receivedOnCurrent && !resumable)) {
                    throw CallFailures.answered(e, call.address(), client.timeout());
                }
                failures.add(call.address(), CallFailures.reason(e));
                if (receivedOnCurrent) {
                    onResume.accept("coordinator " + call.address() + " went away ("
                            + CallFailures.reason(e) + "); going on through another");
                }
                current = null;
            }
        }
    }

    /** Ends the call; a thread blocked in {@link #next()} gets null. */
    public void cancel() {
        cancelled = true;
        OperatorClient.Opened<T> call = current;
        if (call != null) {
            call.context().cancel(null);
        }
    }

    @Override
    public void close() {
        cancel();
    }
}
