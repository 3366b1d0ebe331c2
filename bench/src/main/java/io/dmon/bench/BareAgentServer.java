package io.dmon.bench;

import io.dmon.proto.v1.AgentMessage;
import io.dmon.proto.v1.AgentServiceGrpc;
import io.dmon.proto.v1.CoordinatorMessage;
import io.dmon.proto.v1.LogAck;
import io.dmon.proto.v1.LogCursor;
import io.dmon.proto.v1.LogLine;
import io.dmon.proto.v1.Registered;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The floor of the log benchmarks: the agent session's gRPC stream on loopback with nothing behind
 * it. It answers a register and acknowledges each batch of lines at once (its last seq), so a
 * {@link LogSender} runs the same messages over the same transport as against a coordinator.
 */
final class BareAgentServer implements AutoCloseable {
    private final Server server;

    BareAgentServer() throws IOException {
        this.server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(new AgentServiceGrpc.AgentServiceImplBase() {
                    @Override
                    public StreamObserver<AgentMessage> session(StreamObserver<CoordinatorMessage> out) {
                        return new StreamObserver<>() {
                            @Override
                            public void onNext(AgentMessage m) {
                                if (m.hasRegister()) {
                                    out.onNext(CoordinatorMessage.newBuilder()
                                            .setRegistered(Registered.newBuilder().setCoordinator("bare")).build());
                                } else if (m.hasLogs() && m.getLogs().getLinesCount() > 0) {
                                    LogLine last = m.getLogs().getLines(m.getLogs().getLinesCount() - 1);
                                    out.onNext(CoordinatorMessage.newBuilder().setAck(LogAck.newBuilder().addCursors(
                                            LogCursor.newBuilder().setJobId(last.getJobId()).setSeq(last.getSeq()))).build());
                                }
                            }

                            @Override
                            public void onError(Throwable t) {
                            }

                            @Override
                            public void onCompleted() {
                                out.onCompleted();
                            }
                        };
                    }
                }).build().start();
    }

    int port() {
        return server.getPort();
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
    }
}
