package io.dmon.cli.client;

import io.dmon.proto.v1.OperatorServiceGrpc.OperatorServiceBlockingStub;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Iterator;
import java.util.function.Function;

/**
 * The messages of one server-streaming call, read one at a time with flow control (the server
 * is held back while dmonctl is slow to print). A call that a coordinator refuses as UNAVAILABLE
 * before sending anything moves to the next coordinator; a stream that breaks later is an error,
 * because starting it again would repeat what was already shown. {@link #cancel()} may be called
 * from any thread and makes {@link #next()} return end-of-stream.
 *
 * @param <T> the message type
 */
public final class ServerStream<T> implements AutoCloseable {
    private final OperatorClient client;
    private final Function<OperatorServiceBlockingStub, Iterator<T>> rpc;
    private final boolean bounded;
    private final CallFailures failures = new CallFailures();
    private volatile OperatorClient.Opened<T> current;
    private volatile boolean cancelled;
    private boolean received;

    ServerStream(OperatorClient client, Function<OperatorServiceBlockingStub, Iterator<T>> rpc, boolean bounded) {
        this.client = client;
        this.rpc = rpc;
        this.bounded = bounded;
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
                if (cancelled) {
                    call.context().cancel(null);
                    return null;
                }
            }
            try {
                if (!call.iterator().hasNext()) {
                    return null;
                }
                received = true;
                return call.iterator().next();
            } catch (StatusRuntimeException e) {
                if (cancelled) {
                    return null;
                }
                if (received || e.getStatus().getCode() != Status.Code.UNAVAILABLE) {
                    throw CallFailures.answered(e, call.address(), client.timeout());
                }
                failures.add(call.address(), CallFailures.reason(e));
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
