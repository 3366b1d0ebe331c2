package io.dmon.agent.link;

import io.dmon.agent.host.DesiredJob;
import io.dmon.agent.host.HostEvent;
import io.dmon.agent.host.JobHost;
import io.dmon.agent.host.JobReport;
import io.dmon.agent.spool.SpoolOverflow;
import io.dmon.agent.spool.SpoolSet;
import io.dmon.agent.spool.SpooledLine;
import io.dmon.agent.state.StorageHealth;
import io.dmon.proto.v1.AgentMessage;
import io.dmon.proto.v1.CoordinatorMessage;
import io.dmon.proto.v1.Job;
import io.dmon.proto.v1.JobChange;
import io.dmon.proto.v1.JobStatus;
import io.dmon.proto.v1.EventBatch;
import io.dmon.proto.v1.LogBatch;
import io.dmon.proto.v1.LogCursor;
import io.dmon.proto.v1.Register;
import io.dmon.proto.v1.RegisterPart;
import io.dmon.proto.v1.StatusBatch;
import io.dmon.wire.HostPort;
import io.dmon.wire.MessageParts;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One AgentService.Session stream. Inbound messages arrive on gRPC's threads and go straight to
 * the host and the spools (both return at once); everything outbound is sent by {@link #run} on
 * the link's thread, the only one that touches the request stream.
 */
final class CoordinatorSession implements ClientResponseObserver<AgentMessage, CoordinatorMessage> {
    static final long HEARTBEAT_NANOS = TimeUnit.SECONDS.toNanos(1);
    /**
     * How long a report waits for others before it is sent. A change to many jobs (a fleet's
     * pause) makes each of them report within milliseconds; sent one by one, each is a message
     * and a round of store writes on the coordinator, which fell seconds behind while pausing a
     * thousand jobs again and again, and the heartbeats (the load a gate watches) waited behind.
     */
    static final long REPORT_LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    static final long REGISTER_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final int MAX_EVENTS_PER_BATCH = 1000;
    /** Lines and bytes of one answer to a ReadLogs at most: one gRPC message. */
    static final int MAX_RANGE_LINES = 5000;
    static final long MAX_RANGE_BYTES = 1 << 20;
    /** ReadLogs waiting for an answer at most; more are answered empty (the coordinator asks again). */
    private static final int MAX_PENDING_READS = 64;
    private final java.util.concurrent.ConcurrentLinkedQueue<io.dmon.proto.v1.ReadLogs> reads =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicInteger pendingReads = new java.util.concurrent.atomic.AtomicInteger();

    private final HostPort address;
    private final LinkConfig config;
    private final JobHost host;
    private final SpoolSet spools;
    private final ReportQueue reports;
    private final HeartbeatSource heartbeats;
    private final Wakeup wakeup;
    private final LogShipper shipper;
    private ClientCallStreamObserver<AgentMessage> requests;
    private volatile boolean registered;
    private volatile boolean ended;
    private volatile Status endStatus = Status.OK;
    // The parts of an assignment received so far (onNext is never called concurrently).
    private final List<DesiredJob> assignment = new ArrayList<>();
    private long droppedSeen;

    CoordinatorSession(HostPort address, LinkConfig config, JobHost host, SpoolSet spools, ReportQueue reports,
                 HeartbeatSource heartbeats, Wakeup wakeup, LogShipper shipper) {
        this.address = address;
        this.config = config;
        this.host = host;
        this.spools = spools;
        this.reports = reports;
        this.heartbeats = heartbeats;
        this.wakeup = wakeup;
        this.shipper = shipper;
        this.droppedSeen = reports.droppedEvents();
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<AgentMessage> requestStream) {
        this.requests = requestStream;
        requestStream.setOnReadyHandler(wakeup::wake);
    }

    @Override
    public void onNext(CoordinatorMessage message) {
        switch (message.getBodyCase()) {
            case REGISTERED -> {
                registered = true;
                config.diagnostics().accept("registered with coordinator " + address
                        + (message.getRegistered().getCoordinator().isEmpty() ? "" : " (" + message.getRegistered().getCoordinator() + ")"));
            }
            case ASSIGNMENT -> {
                // A host's jobs may be more than one message holds: reconcile only once all have come.
                message.getAssignment().getJobsList().forEach(job -> assignment.add(AssignmentMapper.desired(job)));
                if (!message.getAssignment().getMore()) {
                    host.reconcile(List.copyOf(assignment));
                    assignment.clear();
                }
            }
            case CHANGE -> apply(message.getChange());
            case SIGNAL -> {
                if (!host.signal(message.getSignal().getJobId(), message.getSignal().getSignal())) {
                    config.diagnostics().accept("job " + message.getSignal().getJobId() + ": signal "
                            + message.getSignal().getSignal() + " not delivered: no process");
                }
            }
            case READ_LOGS -> {
                if (pendingReads.incrementAndGet() <= MAX_PENDING_READS) {
                    reads.add(message.getReadLogs());
                } else {
                    pendingReads.decrementAndGet();
                }
            }
            case ACK -> {
                for (LogCursor c : message.getAck().getCursorsList()) {
                    spools.ack(c.getJobId(), c.getJobCreatedUnixMs(), c.getSeq());
                }
            }
            default -> {
                // A message of a newer protocol: nothing to do with it here.
            }
        }
        wakeup.wake();
    }

    private void apply(JobChange change) {
        if (change.getRemoved()) {
            host.remove(change.getJob().getId());
        } else {
            host.apply(AssignmentMapper.desired(change.getJob()));
        }
    }

    @Override
    public void onError(Throwable t) {
        endStatus = Status.fromThrowable(t);
        ended = true;
        wakeup.wake();
    }

    @Override
    public void onCompleted() {
        ended = true;
        wakeup.wake();
    }

    /** True once the coordinator answered the Register. */
    boolean registered() {
        return registered;
    }

    /** How the stream ended (OK when the coordinator completed it). */
    Status endStatus() {
        return endStatus;
    }

    /**
     * Sends until the stream ends or {@code closing} turns true (then cancels it). The stream
     * must have been started with this object as its response observer.
     */
    void run(BooleanSupplier closing) throws InterruptedException {
        register();
        long started = System.nanoTime();
        long nextBeat = started;
        boolean cancelled = false;
        while (!ended) {
            long now = System.nanoTime();
            if (!cancelled && closing.getAsBoolean()) {
                requests.cancel("agent stopping or moving to another coordinator", null);
                cancelled = true;
            } else if (!cancelled && !registered && now - started > REGISTER_TIMEOUT_NANOS) {
                requests.cancel("no answer to register within " + TimeUnit.NANOSECONDS.toSeconds(REGISTER_TIMEOUT_NANOS) + " s", null);
                cancelled = true;
            }
            if (cancelled) {
                // Only the end of the call is awaited now (gRPC reports it at once).
                wakeup.await(TimeUnit.MILLISECONDS.toNanos(50));
                continue;
            }
            if (now >= nextBeat) {
                send(AgentMessage.newBuilder().setHeartbeat(heartbeats.next(spools.health().condition())).build());
                nextBeat = now + HEARTBEAT_NANOS;
            }
            long pending = reports.pendingSinceNanos();
            boolean reportsDue = pending == 0 || now - pending >= REPORT_LINGER_NANOS;
            if (reportsDue) {
                sendReports();
            }
            answerReads();
            sendLogs();
            long wakeAt = reportsDue || pending == 0 ? nextBeat : Math.min(nextBeat, pending + REPORT_LINGER_NANOS);
            wakeup.await(Math.max(1, wakeAt - System.nanoTime()));
        }
    }

    /**
     * Sends the Register, and RegisterParts after it when the host's jobs and statuses do not fit
     * in one message.
     */
    private void register() {
        // Statuses waiting in the queue are older than what the host reports now: Register carries these.
        reports.takeStatuses();
        List<JobStatus> statuses = new ArrayList<>();
        for (JobReport report : host.reports()) {
            statuses.add(ReportMapper.status(report, config.name()));
        }
        List<List<Job>> jobParts = MessageParts.split(host.jobs().stream().map(AssignmentMapper::wire).toList());
        List<List<JobStatus>> statusParts = MessageParts.split(statuses);
        int parts = jobParts.size() + statusParts.size() - 1;
        Register.Builder r = Register.newBuilder().setName(config.name()).putAllLabels(config.labels())
                .setVersion(config.version()).addAllJobs(jobParts.get(0)).setMore(parts > 1);
        if (jobParts.size() == 1) {
            r.addAllStatuses(statusParts.get(0));
        }
        send(AgentMessage.newBuilder().setRegister(r).build());
        for (int i = 1; i < parts; i++) {
            RegisterPart.Builder part = RegisterPart.newBuilder().setMore(i < parts - 1);
            if (i < jobParts.size()) {
                part.addAllJobs(jobParts.get(i));
            }
            // The statuses follow the jobs: the last part of jobs carries the first of statuses.
            int s = i - (jobParts.size() - 1);
            if (s >= 0) {
                part.addAllStatuses(statusParts.get(s));
            }
            send(AgentMessage.newBuilder().setRegisterPart(part).build());
        }
    }

    private void sendReports() {
        if (!requests.isReady()) {
            return;
        }
        List<JobReport> statuses = reports.takeStatuses();
        if (!statuses.isEmpty()) {
            StatusBatch.Builder b = StatusBatch.newBuilder();
            statuses.forEach(s -> b.addStatuses(ReportMapper.status(s, config.name())));
            send(AgentMessage.newBuilder().setStatuses(b).build());
        }
        for (List<HostEvent> events; !(events = reports.takeEvents(MAX_EVENTS_PER_BATCH)).isEmpty(); ) {
            EventBatch.Builder b = EventBatch.newBuilder();
            events.forEach(e -> b.addEvents(ReportMapper.event(e, config.name())));
            send(AgentMessage.newBuilder().setEvents(b).build());
        }
        List<SpoolOverflow> overflows = spools.takeOverflows();
        if (!overflows.isEmpty()) {
            EventBatch.Builder b = EventBatch.newBuilder();
            long now = System.currentTimeMillis();
            for (SpoolOverflow o : overflows) {
                config.diagnostics().accept("job " + o.jobId() + ": " + o.cause());
                b.addEvents(ReportMapper.overflow(o, config.name(), now));
            }
            send(AgentMessage.newBuilder().setEvents(b).build());
        }
        List<StorageHealth.Change> storage = spools.health().takeChanges();
        if (!storage.isEmpty()) {
            EventBatch.Builder b = EventBatch.newBuilder();
            for (StorageHealth.Change c : storage) {
                config.diagnostics().accept((c.failed() ? "disk writes failing: " : "disk writes work again: ") + c.cause());
                b.addEvents(ReportMapper.storage(c, config.name()));
            }
            send(AgentMessage.newBuilder().setEvents(b).build());
        }
        long dropped = reports.droppedEvents();
        if (dropped > droppedSeen) {
            config.diagnostics().accept((dropped - droppedSeen) + " job events dropped: the queue was full while they could not be sent");
            droppedSeen = dropped;
        }
    }

    /** Answers the coordinator's ReadLogs from the spools, on this (the sending) thread. */
    private void answerReads() {
        for (io.dmon.proto.v1.ReadLogs next; requests.isReady() && (next = reads.poll()) != null; ) {
            pendingReads.decrementAndGet();
            io.dmon.proto.v1.ReadLogs read = next;
            io.dmon.proto.v1.LogRange.Builder range = io.dmon.proto.v1.LogRange.newBuilder()
                    .setRequestId(read.getRequestId()).setJobId(read.getJobId());
            spools.kept(read.getJobId()).ifPresent(spool -> {
                try {
                    range.setOldestKept(spool.oldestKept()).setNextSeq(spool.nextSeq());
                    for (SpooledLine line : spool.readRange(read.getFromSeq(),
                            Math.min(Math.max(read.getMaxLines(), 1), MAX_RANGE_LINES), MAX_RANGE_BYTES)) {
                        range.addLines(ReportMapper.line(read.getJobId(), spool.incarnation(), line));
                    }
                } catch (IOException e) {
                    config.diagnostics().accept("job " + read.getJobId() + ": cannot read its kept lines: " + e.getMessage());
                }
            });
            send(AgentMessage.newBuilder().setLogRange(range).build());
        }
    }

    private void sendLogs() {
        while (requests.isReady()) {
            LogBatch batch = shipper.next();
            if (batch == null) {
                return;
            }
            send(AgentMessage.newBuilder().setLogs(batch).build());
        }
    }

    private void send(AgentMessage message) {
        if (ended) {
            return;
        }
        try {
            requests.onNext(message);
        } catch (RuntimeException e) {
            // The call ended under us (gRPC refuses messages on a finished call): the session is over.
            onError(e);
        }
    }
}
