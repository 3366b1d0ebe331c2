package io.dmon.agent.node;

import io.dmon.proto.v1.AgentMessage;
import io.dmon.proto.v1.AgentServiceGrpc;
import io.dmon.proto.v1.Assignment;
import io.dmon.proto.v1.CoordinatorMessage;
import io.dmon.proto.v1.Job;
import io.dmon.proto.v1.LogAck;
import io.dmon.proto.v1.LogCursor;
import io.dmon.proto.v1.LogLine;
import io.dmon.proto.v1.Registered;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongUnaryOperator;

/**
 * Plays a coordinator for the agent's link, in process: answers Register with Registered and the
 * assignment it holds, records every message, acknowledges log lines as told.
 */
final class FakeCoordinator extends AgentServiceGrpc.AgentServiceImplBase implements AutoCloseable {
    final String name;
    final List<Session> sessions = new CopyOnWriteArrayList<>();
    volatile List<Job> assignment = List.of();
    /** Given the highest seq received of a job, the seq to acknowledge (negative: none). */
    volatile LongUnaryOperator acks = seq -> seq;
    private Server server;

    FakeCoordinator(String name) {
        this.name = name;
    }

    FakeCoordinator start() throws IOException {
        server = InProcessServerBuilder.forName(name).addService(this).build().start();
        return this;
    }

    /** One agent session: what came in, and the way back. */
    final class Session implements StreamObserver<AgentMessage> {
        final List<AgentMessage> received = new CopyOnWriteArrayList<>();
        final StreamObserver<CoordinatorMessage> out;
        volatile boolean ended;

        Session(StreamObserver<CoordinatorMessage> out) {
            this.out = out;
        }

        @Override
        public synchronized void onNext(AgentMessage m) {
            received.add(m);
            if (m.hasRegister()) {
                out.onNext(CoordinatorMessage.newBuilder().setRegistered(Registered.newBuilder().setCoordinator(name)).build());
                out.onNext(CoordinatorMessage.newBuilder().setAssignment(Assignment.newBuilder().addAllJobs(assignment)).build());
            } else if (m.hasLogs() && m.getLogs().getLinesCount() > 0) {
                LogLine last = m.getLogs().getLines(m.getLogs().getLinesCount() - 1);
                long ack = acks.applyAsLong(last.getSeq());
                if (ack > 0) {
                    out.onNext(CoordinatorMessage.newBuilder().setAck(LogAck.newBuilder()
                            .addCursors(LogCursor.newBuilder().setJobId(last.getJobId()).setSeq(ack))).build());
                }
            }
        }

        synchronized void send(CoordinatorMessage m) {
            out.onNext(m);
        }

        /** Ends the stream as a failing coordinator would. */
        synchronized void drop() {
            ended = true;
            out.onError(Status.UNAVAILABLE.withDescription("dropped by the test").asRuntimeException());
        }

        @Override
        public void onError(Throwable t) {
            ended = true;
        }

        @Override
        public void onCompleted() {
            ended = true;
            out.onCompleted();
        }

        List<AgentMessage> of(AgentMessage.BodyCase kind) {
            return received.stream().filter(m -> m.getBodyCase() == kind).toList();
        }

        List<LogLine> lines() {
            List<LogLine> lines = new ArrayList<>();
            of(AgentMessage.BodyCase.LOGS).forEach(m -> lines.addAll(m.getLogs().getLinesList()));
            return lines;
        }
    }

    @Override
    public StreamObserver<AgentMessage> session(StreamObserver<CoordinatorMessage> responses) {
        Session s = new Session(responses);
        sessions.add(s);
        return s;
    }

    Session last() {
        return sessions.get(sessions.size() - 1);
    }

    List<LogLine> allLines() {
        List<LogLine> lines = new ArrayList<>();
        sessions.forEach(s -> lines.addAll(s.lines()));
        return lines;
    }

    @Override
    public void close() throws InterruptedException {
        if (server != null) {
            server.shutdownNow();
            server.awaitTermination();
        }
    }
}
