package io.dmon.coordinator.operator;

import io.dmon.coordinator.agents.SignalRouter;
import io.dmon.coordinator.fleet.HostLiveness;
import io.dmon.coordinator.fleet.JobQuota;
import io.dmon.coordinator.rpc.RpcStatus;
import io.dmon.coordinator.store.FleetStore;
import io.dmon.coordinator.store.Subscription;
import io.dmon.proto.v1.AddGateRequest;
import io.dmon.proto.v1.ClusterRequest;
import io.dmon.proto.v1.ClusterResponse;
import io.dmon.proto.v1.EventsRequest;
import io.dmon.proto.v1.GateView;
import io.dmon.proto.v1.ListGatesRequest;
import io.dmon.proto.v1.ListGatesResponse;
import io.dmon.proto.v1.PauseRequest;
import io.dmon.proto.v1.RemoveRequest;
import io.dmon.proto.v1.RemoveGateRequest;
import io.dmon.proto.v1.ResumeRequest;
import io.dmon.proto.v1.JobEvent;
import io.dmon.proto.v1.JobsRequest;
import io.dmon.proto.v1.JobsResponse;
import io.dmon.proto.v1.ListHostsRequest;
import io.dmon.proto.v1.ListHostsResponse;
import io.dmon.proto.v1.ListJobsRequest;
import io.dmon.proto.v1.ListJobsResponse;
import io.dmon.proto.v1.LogChunk;
import io.dmon.proto.v1.LogsRequest;
import io.dmon.proto.v1.OperatorServiceGrpc;
import io.dmon.proto.v1.RunRequest;
import io.dmon.proto.v1.RunResponse;
import io.dmon.proto.v1.SignalRequest;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

/**
 * {@code dmon.v1.OperatorService}: what dmonctl asks of any coordinator. Each call is checked at
 * the edge and handed to one collaborator; every failure reaches the caller as a status with a
 * one-line description (INVALID_ARGUMENT, NOT_FOUND, FAILED_PRECONDITION, ALREADY_EXISTS,
 * UNAVAILABLE when the store is).
 */
public final class OperatorGrpcService extends OperatorServiceGrpc.OperatorServiceImplBase implements AutoCloseable {
    private final JobCreator creator;
    private final JobControl control;
    private final FleetViews views;
    private final LogFeed logs;
    private final EventFeed events;
    private final PauseControl pauses;
    private final RemoveControl removals;
    private final GateControl gates;
    private final ClusterInfo cluster;
    private final Subscription appends;

    /**
     * @param scheduler polls the store for followers of logs and events
     * @param pollEvery how often a follower looks for new lines or events
     */
    public OperatorGrpcService(FleetStore store, SignalRouter router, HostLiveness liveness,
            ScheduledExecutorService scheduler, Duration pollEvery) {
        this(store, router, liveness, scheduler, pollEvery, HostLogs.NONE, JobQuota.DEFAULT);
    }

    /**
     * @param hostLogs where lines no longer in the ring are asked for
     * @param quota    how many jobs a run may take the fleet to
     */
    public OperatorGrpcService(FleetStore store, SignalRouter router, HostLiveness liveness,
            ScheduledExecutorService scheduler, Duration pollEvery, HostLogs hostLogs, JobQuota quota) {
        this.creator = new JobCreator(store, new HostSelection(store.hosts(), liveness), liveness, quota);
        this.control = new JobControl(store, router, liveness);
        this.views = new FleetViews(store, liveness);
        Follower follower = new Follower(scheduler, pollEvery);
        LogWakeups wakeups = new LogWakeups();
        this.appends = store.logs().onAppend(wakeups);
        this.logs = new LogFeed(store, follower, hostLogs, wakeups);
        this.events = new EventFeed(store, follower);
        this.pauses = new PauseControl(store, liveness);
        this.removals = new RemoveControl(store, liveness);
        this.gates = new GateControl(store, liveness);
        this.cluster = new ClusterInfo(store, liveness);
    }

    /** Stops hearing of appends (followers then only look now and then). */
    @Override
    public void close() {
        appends.close();
    }

    @Override
    public void run(RunRequest request, StreamObserver<RunResponse> responses) {
        unary("Run", responses,
                () -> RunResponse.newBuilder().addAllJobs(creator.run(CheckedRequests.run(request))).build());
    }

    @Override
    public void listJobs(ListJobsRequest request, StreamObserver<ListJobsResponse> responses) {
        unary("ListJobs", responses, () -> ListJobsResponse.newBuilder()
                .addAllJobs(views.jobs(CheckedRequests.listJobs(request))).build());
    }

    @Override
    public void listHosts(ListHostsRequest request, StreamObserver<ListHostsResponse> responses) {
        unary("ListHosts", responses, () -> ListHostsResponse.newBuilder().addAllHosts(views.hosts()).build());
    }

    @Override
    public void stop(JobsRequest request, StreamObserver<JobsResponse> responses) {
        unary("Stop", responses, () -> jobs(control.stop(CheckedRequests.jobs(request))));
    }

    @Override
    public void restart(JobsRequest request, StreamObserver<JobsResponse> responses) {
        unary("Restart", responses, () -> jobs(control.restart(CheckedRequests.jobs(request))));
    }

    @Override
    public void signal(SignalRequest request, StreamObserver<JobsResponse> responses) {
        unary("Signal", responses, () -> jobs(control.signal(CheckedRequests.signal(request))));
    }

    @Override
    public void logChunks(LogsRequest request, StreamObserver<LogChunk> responses) {
        streaming("LogChunks", responses,
                () -> logs.logChunks(CheckedRequests.logs(request), (ServerCallStreamObserver<LogChunk>) responses));
    }

    @Override
    public void events(EventsRequest request, StreamObserver<JobEvent> responses) {
        streaming("Events", responses, () -> events.events(CheckedRequests.events(request),
                (ServerCallStreamObserver<JobEvent>) responses));
    }

    @Override
    public void pause(PauseRequest request, StreamObserver<JobsResponse> responses) {
        unary("Pause", responses, () -> jobs(pauses.pause(CheckedRequests.pause(request))));
    }

    @Override
    public void resume(ResumeRequest request, StreamObserver<JobsResponse> responses) {
        unary("Resume", responses, () -> jobs(pauses.resume(CheckedRequests.resume(request))));
    }

    @Override
    public void remove(RemoveRequest request, StreamObserver<JobsResponse> responses) {
        unary("Remove", responses, () -> jobs(removals.remove(CheckedRequests.remove(request))));
    }

    @Override
    public void addGate(AddGateRequest request, StreamObserver<GateView> responses) {
        unary("AddGate", responses, () -> gates.add(CheckedRequests.addGate(request)));
    }

    @Override
    public void listGates(ListGatesRequest request, StreamObserver<ListGatesResponse> responses) {
        unary("ListGates", responses, () -> ListGatesResponse.newBuilder().addAllGates(gates.list()).build());
    }

    @Override
    public void removeGate(RemoveGateRequest request, StreamObserver<GateView> responses) {
        unary("RemoveGate", responses, () -> gates.remove(CheckedRequests.removeGate(request)));
    }

    @Override
    public void cluster(ClusterRequest request, StreamObserver<ClusterResponse> responses) {
        unary("Cluster", responses, () -> ClusterResponse.newBuilder().addAllMembers(cluster.members()).build());
    }

    private static JobsResponse jobs(List<io.dmon.proto.v1.Job> jobs) {
        return JobsResponse.newBuilder().addAllJobs(jobs).build();
    }

    private static <T> void unary(String what, StreamObserver<T> responses, Supplier<T> call) {
        T response;
        try {
            response = call.get();
        } catch (RuntimeException e) {
            responses.onError(RpcStatus.of(what, e).asRuntimeException());
            return;
        }
        responses.onNext(response);
        responses.onCompleted();
    }

    private static void streaming(String what, StreamObserver<?> responses, Runnable start) {
        try {
            start.run();
        } catch (RuntimeException e) {
            responses.onError(RpcStatus.of(what, e).asRuntimeException());
        }
    }
}
