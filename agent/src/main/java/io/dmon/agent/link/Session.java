package io.dmon.agent.link;

import io.dmon.proto.v1.AgentMessage;
import io.dmon.proto.v1.CoordinatorMessage;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One AgentService.Session stream. gRPC's threads only queue what arrives and wake the link; the
 * link's own thread does all sending and handling, so the stream is used from one thread and no
 * gRPC thread ever waits for a job to stop.
 */
final class Session implements ClientResponseObserver<AgentMessage, CoordinatorMessage> {
    private final ConcurrentLinkedQueue<CoordinatorMessage> inbox = new ConcurrentLinkedQueue<>();
    private final Runnable wake;
    private volatile ClientCallStreamObserver<AgentMessage> requests;
    private volatile boolean done;
    private volatile Throwable error;

    Session(Runnable wake) {
        this.wake = wake;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<AgentMessage> requestStream) {
        this.requests = requestStream;
        requestStream.setOnReadyHandler(wake);
    }

    @Override
    public void onNext(CoordinatorMessage message) {
        inbox.add(message);
        wake.run();
    }

    @Override
    public void onError(Throwable t) {
        error = t;
        done = true;
        wake.run();
    }

    @Override
    public void onCompleted() {
        done = true;
        wake.run();
    }

    void send(AgentMessage message) {
        requests.onNext(message);
    }

    /** True while the transport takes more without buffering without bound. */
    boolean ready() {
        return requests.isReady();
    }

    boolean done() {
        return done;
    }

    Throwable error() {
        return error;
    }

    List<CoordinatorMessage> drain() {
        List<CoordinatorMessage> out = new ArrayList<>();
        for (CoordinatorMessage m; (m = inbox.poll()) != null; ) {
            out.add(m);
        }
        return out;
    }

    void cancel() {
        if (!done) {
            requests.cancel("agent closing", null);
        }
    }
}
