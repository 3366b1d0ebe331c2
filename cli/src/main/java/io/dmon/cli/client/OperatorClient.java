package io.dmon.cli.client;

import io.dmon.cli.CliException;
import io.dmon.cli.ExitCode;
import io.dmon.proto.v1.AddGateRequest;
import io.dmon.proto.v1.ClusterRequest;
import io.dmon.proto.v1.ClusterResponse;
import io.dmon.proto.v1.EventsRequest;
import io.dmon.proto.v1.GateView;
import io.dmon.proto.v1.JobsRequest;
import io.dmon.proto.v1.JobsResponse;
import io.dmon.proto.v1.ListGatesRequest;
import io.dmon.proto.v1.ListGatesResponse;
import io.dmon.proto.v1.ListHostsRequest;
import io.dmon.proto.v1.ListHostsResponse;
import io.dmon.proto.v1.ListJobsRequest;
import io.dmon.proto.v1.ListJobsResponse;
import io.dmon.proto.v1.LogChunk;
import io.dmon.proto.v1.LogsRequest;
import io.dmon.proto.v1.OperatorServiceGrpc;
import io.dmon.proto.v1.OperatorServiceGrpc.OperatorServiceBlockingStub;
import io.dmon.proto.v1.PauseRequest;
import io.dmon.proto.v1.RemoveGateRequest;
import io.dmon.proto.v1.RemoveRequest;
import io.dmon.proto.v1.ResumeRequest;
import io.dmon.proto.v1.RunRequest;
import io.dmon.proto.v1.RunResponse;
import io.dmon.proto.v1.SignalRequest;
import io.dmon.wire.RequestLimits;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * dmonctl's one connection to the control plane: owns a channel per coordinator address and
 * fails over between them. Thread-safe.
 *
 * <p>Every call first tries the coordinator that answered last (at first: the first address),
 * then the others in the order given. A coordinator is skipped when it is UNAVAILABLE, or still
 * connecting when its share of the time is up: the {@code --timeout} of a call covers connecting
 * and answering, and is split among the addresses not yet tried, so a dead first address cannot
 * eat the whole of it. Any other answer, errors included, is final. Unary calls and bounded
 * streams have that deadline; following streams only its connecting part.
 */
public final class OperatorClient implements AutoCloseable {
    private final List<String> addresses;
    private final OperatorChannelFactory factory;
    private final Duration timeout;
    private final Duration connect;
    private final ConcurrentMap<String, ManagedChannel> channels = new ConcurrentHashMap<>();
    private volatile int preferred;

    /**
     * @param addresses coordinator addresses, {@code HOST:PORT}, in the order to try them
     * @param factory   opens a channel to one address
     * @param timeout   the deadline of every call
     */
    public OperatorClient(List<String> addresses, OperatorChannelFactory factory, Duration timeout) {
        this(addresses, factory, timeout, null);
    }

    /**
     * A client whose unary calls may take {@code connect} to connect (this process's own start-up
     * of the channel included), then {@code timeout} from then on to be answered: for a question
     * that must be answered quickly or not at all, whatever a cold start costs here.
     *
     * @param connect null: connecting counts against {@code timeout}, as for every other client
     */
    public OperatorClient(List<String> addresses, OperatorChannelFactory factory, Duration timeout, Duration connect) {
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("no coordinator address");
        }
        this.addresses = List.copyOf(addresses);
        this.factory = factory;
        this.timeout = timeout;
        this.connect = connect;
    }

    /** The deadline of each call. */
    public Duration timeout() {
        return timeout;
    }

    public RunResponse run(RunRequest request) {
        within(RequestLimits.run(request));
        return unary(stub -> stub.run(request));
    }

    public ListJobsResponse listJobs(ListJobsRequest request) {
        within(RequestLimits.listJobs(request));
        return unary(stub -> stub.listJobs(request));
    }

    public ListHostsResponse listHosts() {
        return unary(stub -> stub.listHosts(ListHostsRequest.getDefaultInstance()));
    }

    public JobsResponse stop(JobsRequest request) {
        within(RequestLimits.jobs(request));
        return unary(stub -> stub.stop(request));
    }

    public JobsResponse restart(JobsRequest request) {
        within(RequestLimits.jobs(request));
        return unary(stub -> stub.restart(request));
    }

    public JobsResponse signal(SignalRequest request) {
        within(RequestLimits.signal(request));
        return unary(stub -> stub.signal(request));
    }

    public JobsResponse pause(PauseRequest request) {
        within(RequestLimits.pause(request));
        return unary(stub -> stub.pause(request));
    }

    public JobsResponse resume(ResumeRequest request) {
        within(RequestLimits.resume(request));
        return unary(stub -> stub.resume(request));
    }

    public JobsResponse remove(RemoveRequest request) {
        within(RequestLimits.remove(request));
        return unary(stub -> stub.remove(request));
    }

    public GateView addGate(AddGateRequest request) {
        within(RequestLimits.addGate(request));
        return unary(stub -> stub.addGate(request));
    }

    public ListGatesResponse listGates() {
        return unary(stub -> stub.listGates(ListGatesRequest.getDefaultInstance()));
    }

    public GateView removeGate(RemoveGateRequest request) {
        within(RequestLimits.removeGate(request));
        return unary(stub -> stub.removeGate(request));
    }

    public ClusterResponse cluster() {
        return unary(stub -> stub.cluster(ClusterRequest.getDefaultInstance()));
    }

    /**
     * Log lines in chunks, with the lines the coordinator could not send. A following request has
     * no deadline once connected, and is resumed through another coordinator when its coordinator
     * goes away: the reader must skip lines whose (job, seq) it has seen.
     */
    public ServerStream<LogChunk> logChunks(LogsRequest request) {
        within(RequestLimits.logs(request));
        return new ServerStream<>(this, stub -> stub.logChunks(request), !request.getFollow(), request.getFollow());
    }

    /**
     * Job events; a following request has no deadline once connected, and is resumed through
     * another coordinator when its own goes away, without repeats (see {@link EventStream}).
     */
    public EventStream events(EventsRequest request) {
        return new EventStream(this, request);
    }

    /**
     * Refuses, before anything is sent, a request over the limits every coordinator enforces: exit
     * 2 with the coordinator's own one line, naming the field and the limit, not the value.
     */
    private static void within(Optional<String> problem) {
        problem.ifPresent(p -> {
            throw CliException.usage(p);
        });
    }

    private <T> T unary(Function<OperatorServiceBlockingStub, T> rpc) {
        Deadline deadline = Deadline.after((connect == null ? timeout : connect).toNanos(), TimeUnit.NANOSECONDS);
        CallFailures failures = new CallFailures();
        List<Integer> order = order();
        for (int i = 0; i < order.size(); i++) {
            int index = order.get(i);
            String address = addresses.get(index);
            ManagedChannel channel = channel(address);
            if (!settle(channel, deadline, order.size() - i)) {
                failures.add(address, "no connection in time");
                continue;
            }
            Deadline answerBy = connect == null ? deadline : Deadline.after(timeout.toNanos(), TimeUnit.NANOSECONDS);
            try {
                T answer = rpc.apply(OperatorServiceGrpc.newBlockingStub(channel).withDeadline(answerBy));
                preferred = index;
                return answer;
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != Status.Code.UNAVAILABLE) {
                    throw CallFailures.answered(e, address, timeout);
                }
                failures.add(address, CallFailures.reason(e));
            }
        }
        throw failures.allUnavailable(addresses);
    }

    /** A started server-streaming call: where it went, and how to cancel it. */
    record Opened<T>(String address, Iterator<T> iterator, Context.CancellableContext context) {
    }

    /**
     * Starts a streaming call on the first coordinator, in failover order, that is not in
     * {@code failures} and connects in time.
     */
    <T> Opened<T> open(Function<OperatorServiceBlockingStub, Iterator<T>> rpc, boolean bounded,
            CallFailures failures) {
        Deadline deadline = Deadline.after(timeout.toNanos(), TimeUnit.NANOSECONDS);
        List<Integer> order = new ArrayList<>(order());
        order.removeIf(index -> failures.tried(addresses.get(index)));
        for (int i = 0; i < order.size(); i++) {
            int index = order.get(i);
            String address = addresses.get(index);
            ManagedChannel channel = channel(address);
            if (!settle(channel, deadline, order.size() - i)) {
                failures.add(address, "no connection in time");
                continue;
            }
            OperatorServiceBlockingStub stub = OperatorServiceGrpc.newBlockingStub(channel);
            if (bounded) {
                stub = stub.withDeadline(deadline);
            }
            // The call takes the context current when it starts; cancelling that context ends it.
            Context.CancellableContext context = Context.current().withCancellation();
            Context previous = context.attach();
            try {
                Iterator<T> iterator = rpc.apply(stub);
                preferred = index;
                return new Opened<>(address, iterator, context);
            } finally {
                context.detach(previous);
            }
        }
        throw failures.allUnavailable(addresses);
    }

    /** The addresses' indexes, the one that answered last first, then the others as given. */
    private List<Integer> order() {
        int first = preferred;
        List<Integer> order = new ArrayList<>(addresses.size());
        order.add(first);
        for (int i = 0; i < addresses.size(); i++) {
            if (i != first) {
                order.add(i);
            }
        }
        return order;
    }

    private boolean settle(ManagedChannel channel, Deadline deadline, int addressesLeft) {
        long share = deadline.timeRemaining(TimeUnit.NANOSECONDS) / addressesLeft;
        try {
            return Readiness.settled(channel, Math.max(0, share));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCode.FAILURE, "interrupted");
        }
    }

    private ManagedChannel channel(String address) {
        return channels.computeIfAbsent(address, factory::open);
    }

    /** Shuts every channel down; calls in flight are cancelled. */
    @Override
    public void close() {
        for (ManagedChannel channel : channels.values()) {
            channel.shutdownNow();
        }
        for (ManagedChannel channel : channels.values()) {
            try {
                channel.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
