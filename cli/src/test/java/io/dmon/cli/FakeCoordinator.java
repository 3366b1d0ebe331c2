package io.dmon.cli;

import io.dmon.proto.v1.AddGateRequest;
import io.dmon.proto.v1.ClusterRequest;
import io.dmon.proto.v1.ClusterResponse;
import io.dmon.proto.v1.EventsRequest;
import io.dmon.proto.v1.GateView;
import io.dmon.proto.v1.JobEvent;
import io.dmon.proto.v1.JobsRequest;
import io.dmon.proto.v1.JobsResponse;
import io.dmon.proto.v1.ListGatesRequest;
import io.dmon.proto.v1.ListGatesResponse;
import io.dmon.proto.v1.ListHostsRequest;
import io.dmon.proto.v1.ListHostsResponse;
import io.dmon.proto.v1.ListJobsRequest;
import io.dmon.proto.v1.ListJobsResponse;
import io.dmon.proto.v1.LogChunk;
import io.dmon.proto.v1.LogLine;
import io.dmon.proto.v1.LogsRequest;
import io.dmon.proto.v1.OperatorServiceGrpc;
import io.dmon.proto.v1.PauseRequest;
import io.dmon.proto.v1.RemoveRequest;
import io.dmon.proto.v1.RemoveGateRequest;
import io.dmon.proto.v1.ResumeRequest;
import io.dmon.proto.v1.RunRequest;
import io.dmon.proto.v1.RunResponse;
import io.dmon.proto.v1.SignalRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A stand-in for the coordinator's side of the operator contract: it records every request and
 * answers as the test scripted. Scripts are functions of the request; a script that throws a
 * {@link StatusRuntimeException} answers with that status.
 */
public final class FakeCoordinator extends OperatorServiceGrpc.OperatorServiceImplBase {

    /**
     * What a streaming call sends: these messages, then the end, or nothing (held open), or a
     * failure.
     */
    public record Script<T>(List<T> messages, boolean holdOpen, Status failure) {
        public static <T> Script<T> ending(List<T> messages) {
            return new Script<>(messages, false, null);
        }

        public static <T> Script<T> following(List<T> messages) {
            return new Script<>(messages, true, null);
        }

        /** The messages, then {@code failure}: a coordinator going away mid-stream. */
        public static <T> Script<T> breaking(List<T> messages, Status failure) {
            return new Script<>(messages, false, failure);
        }
    }

    public final List<Object> requests = new CopyOnWriteArrayList<>();
    /** Streams held open, cancelled by the client or still open. */
    public final List<ServerCallStreamObserver<?>> openStreams = new CopyOnWriteArrayList<>();

    public volatile Function<RunRequest, RunResponse> run = r -> RunResponse.getDefaultInstance();
    public volatile Function<ListJobsRequest, ListJobsResponse> listJobs = r -> ListJobsResponse.getDefaultInstance();
    public volatile Function<ListHostsRequest, ListHostsResponse> listHosts = r -> ListHostsResponse.getDefaultInstance();
    /** The lines LogChunks sends, unless {@link #logChunks} is scripted itself. */
    public volatile Function<LogsRequest, Script<LogLine>> logs = r -> Script.ending(List.of());
    /** LogChunks; by default the {@link #logs} script's lines, two per chunk. */
    public volatile Function<LogsRequest, Script<LogChunk>> logChunks = r -> inChunks(logs.apply(r), 2);
    public volatile Function<JobsRequest, JobsResponse> stop = r -> JobsResponse.getDefaultInstance();
    public volatile Function<JobsRequest, JobsResponse> restart = r -> JobsResponse.getDefaultInstance();
    public volatile Function<SignalRequest, JobsResponse> signal = r -> JobsResponse.getDefaultInstance();
    public volatile Function<EventsRequest, Script<JobEvent>> events = r -> Script.ending(List.of());
    public volatile Function<PauseRequest, JobsResponse> pause = r -> JobsResponse.getDefaultInstance();
    public volatile Function<ResumeRequest, JobsResponse> resume = r -> JobsResponse.getDefaultInstance();
    public volatile Function<RemoveRequest, JobsResponse> remove = r -> JobsResponse.getDefaultInstance();
    public volatile Function<AddGateRequest, GateView> addGate =
            r -> GateView.newBuilder().setGate(r.getGate()).build();
    public volatile Function<ListGatesRequest, ListGatesResponse> listGates = r -> ListGatesResponse.getDefaultInstance();
    public volatile Function<RemoveGateRequest, GateView> removeGate = r -> GateView.getDefaultInstance();
    public volatile Function<ClusterRequest, ClusterResponse> cluster = r -> ClusterResponse.getDefaultInstance();

    /**
     * True once every stream held open has been cancelled by the client, within 10 s (the news
     * of a cancel reaches the server on its own schedule).
     */
    public boolean openStreamsCancelled() throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!openStreams.stream().allMatch(ServerCallStreamObserver::isCancelled)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    /** A script's lines as LogChunks, {@code perChunk} lines a chunk. */
    public static Script<LogChunk> inChunks(Script<LogLine> lines, int perChunk) {
        List<LogChunk> chunks = new ArrayList<>();
        List<LogLine> all = lines.messages();
        for (int i = 0; i < all.size(); i += perChunk) {
            chunks.add(LogChunk.newBuilder().addAllLines(all.subList(i, Math.min(all.size(), i + perChunk))).build());
        }
        return new Script<>(chunks, lines.holdOpen(), lines.failure());
    }

    /** Every recorded request of one type, in order. */
    public <T> List<T> requests(Class<T> type) {
        return requests.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** A script step that fails with {@code status}. */
    public static RuntimeException fail(Status status) {
        return status.asRuntimeException();
    }

    @Override
    public void run(RunRequest request, StreamObserver<RunResponse> out) {
        unary(request, run, out);
    }

    @Override
    public void listJobs(ListJobsRequest request, StreamObserver<ListJobsResponse> out) {
        unary(request, listJobs, out);
    }

    @Override
    public void listHosts(ListHostsRequest request, StreamObserver<ListHostsResponse> out) {
        unary(request, listHosts, out);
    }

    @Override
    public void stop(JobsRequest request, StreamObserver<JobsResponse> out) {
        unary(request, stop, out);
    }

    @Override
    public void restart(JobsRequest request, StreamObserver<JobsResponse> out) {
        unary(request, restart, out);
    }

    @Override
    public void signal(SignalRequest request, StreamObserver<JobsResponse> out) {
        unary(request, signal, out);
    }

    @Override
    public void pause(PauseRequest request, StreamObserver<JobsResponse> out) {
        unary(request, pause, out);
    }

    @Override
    public void resume(ResumeRequest request, StreamObserver<JobsResponse> out) {
        unary(request, resume, out);
    }

    @Override
    public void remove(RemoveRequest request, StreamObserver<JobsResponse> out) {
        unary(request, remove, out);
    }

    @Override
    public void addGate(AddGateRequest request, StreamObserver<GateView> out) {
        unary(request, addGate, out);
    }

    @Override
    public void listGates(ListGatesRequest request, StreamObserver<ListGatesResponse> out) {
        unary(request, listGates, out);
    }

    @Override
    public void removeGate(RemoveGateRequest request, StreamObserver<GateView> out) {
        unary(request, removeGate, out);
    }

    @Override
    public void cluster(ClusterRequest request, StreamObserver<ClusterResponse> out) {
        unary(request, cluster, out);
    }

    @Override
    public void logChunks(LogsRequest request, StreamObserver<LogChunk> out) {
        streaming(request, logChunks, out);
    }

    @Override
    public void events(EventsRequest request, StreamObserver<JobEvent> out) {
        streaming(request, events, out);
    }

    private <Q, A> void unary(Q request, Function<Q, A> script, StreamObserver<A> out) {
        requests.add(request);
        A answer;
        try {
            answer = script.apply(request);
        } catch (StatusRuntimeException e) {
            out.onError(e);
            return;
        }
        if (answer == null) {
            // Never answered: the client's deadline has to end the call.
            return;
        }
        out.onNext(answer);
        out.onCompleted();
    }

    private <Q, A> void streaming(Q request, Function<Q, Script<A>> script, StreamObserver<A> out) {
        requests.add(request);
        Script<A> answer;
        try {
            answer = script.apply(request);
        } catch (StatusRuntimeException e) {
            out.onError(e);
            return;
        }
        if (answer.holdOpen()) {
            // Listed before anything is sent: the client may be done before this method returns.
            openStreams.add((ServerCallStreamObserver<A>) out);
        }
        for (A message : answer.messages()) {
            out.onNext(message);
        }
        if (answer.failure() != null) {
            out.onError(answer.failure().asRuntimeException());
        } else if (!answer.holdOpen()) {
            out.onCompleted();
        }
    }
}
