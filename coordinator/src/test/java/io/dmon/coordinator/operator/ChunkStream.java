package io.dmon.coordinator.operator;

import io.dmon.coordinator.Eventually;
import io.dmon.proto.v1.LogChunk;
import io.dmon.proto.v1.LogsRequest;
import io.dmon.proto.v1.OperatorServiceGrpc;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A LogChunks call whose reader asks for messages itself: the coordinator may send only as many
 * as were asked for (flow control), so a test decides when the follower reads.
 */
final class ChunkStream {
    private final BlockingQueue<LogChunk> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<Status> ended = new CompletableFuture<>();
    private final CompletableFuture<ClientCallStreamObserver<LogsRequest>> call = new CompletableFuture<>();

    /** Starts the call, asking for {@code initial} messages. */
    ChunkStream(OperatorServiceGrpc.OperatorServiceStub stub, LogsRequest request, int initial) {
        stub.logChunks(request, new ClientResponseObserver<LogsRequest, LogChunk>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<LogsRequest> requestStream) {
                requestStream.disableAutoRequestWithInitial(initial);
                call.complete(requestStream);
            }

            @Override
            public void onNext(LogChunk chunk) {
                received.add(chunk);
            }

            @Override
            public void onError(Throwable t) {
                ended.complete(Status.fromThrowable(t));
            }

            @Override
            public void onCompleted() {
                ended.complete(Status.OK);
            }
        });
    }

    /** Lets the coordinator send {@code count} more messages. */
    void request(int count) {
        call.join().request(count);
    }

    /** The next chunk received; fails the test if none comes in time. */
    LogChunk next() throws InterruptedException {
        return next(() -> "");
    }

    /** {@link #next()}, saying {@code state} if none comes. */
    LogChunk next(java.util.function.Supplier<String> state) throws InterruptedException {
        LogChunk chunk = received.poll(Eventually.DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        if (chunk == null) {
            throw new AssertionError("no chunk within " + Eventually.DEADLINE
                    + (ended.isDone() ? "; stream ended: " + ended.join() : "") + " " + state.get());
        }
        return chunk;
    }

    /** A chunk received and not read yet, or null. */
    LogChunk poll() {
        return received.poll();
    }

    void cancel() {
        call.join().cancel("test done", null);
    }

    Status awaitEnd() throws Exception {
        return ended.get(Eventually.DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    }
}
