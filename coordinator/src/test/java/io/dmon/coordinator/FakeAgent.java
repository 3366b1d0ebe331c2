package io.dmon.coordinator;

import io.dmon.proto.v1.AgentMessage;
import io.dmon.proto.v1.AgentServiceGrpc;
import io.dmon.proto.v1.CoordinatorMessage;
import io.dmon.proto.v1.Heartbeat;
import io.dmon.proto.v1.HostPressure;
import io.dmon.proto.v1.PressureAverages;
import io.dmon.proto.v1.ResourcePressure;
import io.dmon.proto.v1.Job;
import io.dmon.proto.v1.JobStatus;
import io.dmon.proto.v1.LogBatch;
import io.dmon.proto.v1.LogLine;
import io.dmon.proto.v1.Register;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/** A scripted agent: the test sends what an agent would and reads what the coordinator answers. */
public final class FakeAgent implements AutoCloseable {
    private final BlockingQueue<CoordinatorMessage> inbox = new LinkedBlockingQueue<>();
    private final CompletableFuture<Status> closed = new CompletableFuture<>();
    private final StreamObserver<AgentMessage> out;
    /** The lines this agent keeps, per job, served to ReadLogs (none unless a test adds them). */
    private final Map<String, java.util.NavigableMap<Long, LogLine>> kept = new java.util.concurrent.ConcurrentHashMap<>();

    /** ReadLogs left unanswered while {@link #holding} (a slow agent). */
    private final List<io.dmon.proto.v1.ReadLogs> held = new java.util.ArrayList<>();
    private boolean holding;
    /** Lines sent in answer to ReadLogs so far. */
    private final java.util.concurrent.atomic.AtomicLong linesServed = new java.util.concurrent.atomic.AtomicLong();

    public FakeAgent(AgentServiceGrpc.AgentServiceStub stub) {
        this.out = stub.withDeadlineAfter(120, TimeUnit.SECONDS).session(new StreamObserver<>() {
            @Override
            public void onNext(CoordinatorMessage message) {
                if (message.hasReadLogs()) {
                    synchronized (held) {
                        if (holding) {
                            held.add(message.getReadLogs());
                            return;
                        }
                    }
                    answer(message.getReadLogs());
                    return;
                }
                inbox.add(message);
            }

            @Override
            public void onError(Throwable t) {
                closed.complete(Status.fromThrowable(t));
            }

            @Override
            public void onCompleted() {
                closed.complete(Status.OK);
            }
        });
    }

    /** Keeps {@code lines} as a real agent's spool would, for ReadLogs. */
    public FakeAgent keep(List<LogLine> lines) {
        for (LogLine l : lines) {
            kept.computeIfAbsent(l.getJobId(), id -> new java.util.concurrent.ConcurrentSkipListMap<>()).put(l.getSeq(), l);
        }
        return this;
    }

    /** Leaves ReadLogs unanswered from now on, until {@link #answerHeld()}. */
    public FakeAgent holdAnswers() {
        synchronized (held) {
            holding = true;
        }
        return this;
    }

    /** How many ReadLogs wait for an answer. */
    public int heldAnswers() {
        synchronized (held) {
            return held.size();
        }
    }

    /** How many lines this agent has sent in answer to ReadLogs. */
    public long linesServed() {
        return linesServed.get();
    }

    /** Answers the ReadLogs held, and later ones at once. */
    public void answerHeld() {
        List<io.dmon.proto.v1.ReadLogs> now;
        synchronized (held) {
            holding = false;
            now = List.copyOf(held);
            held.clear();
        }
        now.forEach(this::answer);
    }

    /** Answers as an agent does: the kept lines from the seq asked on, as many as asked. */
    private void answer(io.dmon.proto.v1.ReadLogs read) {
        var lines = kept.getOrDefault(read.getJobId(), new java.util.TreeMap<>());
        io.dmon.proto.v1.LogRange.Builder range = io.dmon.proto.v1.LogRange.newBuilder().setRequestId(read.getRequestId())
                .setJobId(read.getJobId()).setOldestKept(lines.isEmpty() ? 0 : lines.firstKey());
        lines.tailMap(read.getFromSeq(), true).values().stream().limit(read.getMaxLines()).forEach(range::addLines);
        linesServed.addAndGet(range.getLinesCount());
        send(AgentMessage.newBuilder().setLogRange(range).build());
    }

    public synchronized FakeAgent send(AgentMessage message) {
        out.onNext(message);
        return this;
    }

    public FakeAgent register(String host, Map<String, String> labels, List<Job> jobs, List<JobStatus> statuses) {
        return send(AgentMessage.newBuilder().setRegister(Register.newBuilder()
                .setName(host).putAllLabels(labels).setVersion("test").addAllJobs(jobs).addAllStatuses(statuses)).build());
    }

    /** Registers and reads the Registered and Assignment answers; returns the assignment's jobs. */
    public List<Job> registerAndAwaitAssignment(String host, Map<String, String> labels) {
        register(host, labels, List.of(), List.of());
        CoordinatorMessage registered = next();
        if (!registered.hasRegistered()) {
            throw new AssertionError("expected Registered, got " + registered);
        }
        CoordinatorMessage assignment = next();
        if (!assignment.hasAssignment()) {
            throw new AssertionError("expected Assignment, got " + assignment);
        }
        return assignment.getAssignment().getJobsList();
    }

    public FakeAgent heartbeat(double load1) {
        return send(AgentMessage.newBuilder().setHeartbeat(Heartbeat.newBuilder().setLoad1(load1)
                .setUnixMs(System.currentTimeMillis())).build());
    }

    /** A heartbeat of a host with pressure stall information: io's some line as given, the rest 0. */
    public FakeAgent heartbeat(double load1, double ioSomeAvg10) {
        return heartbeat(load1, io(ioSomeAvg10));
    }

    public FakeAgent heartbeat(double load1, HostPressure pressure) {
        return send(AgentMessage.newBuilder().setHeartbeat(Heartbeat.newBuilder().setLoad1(load1).setPressure(pressure)
                .setUnixMs(System.currentTimeMillis())).build());
    }

    /** Pressure as a recent kernel gives it: every line of the three files, io's some avg10 as given. */
    public static HostPressure io(double someAvg10) {
        PressureAverages zero = PressureAverages.getDefaultInstance();
        ResourcePressure calm = ResourcePressure.newBuilder().setSome(zero).setFull(zero).build();
        return HostPressure.newBuilder().setCpu(calm).setMemory(calm)
                .setIo(calm.toBuilder().setSome(PressureAverages.newBuilder().setAvg10(someAvg10))).build();
    }

    public FakeAgent logs(List<LogLine> lines) {
        return send(AgentMessage.newBuilder().setLogs(LogBatch.newBuilder().addAllLines(lines)).build());
    }

    /** The next message, whatever it is. */
    public CoordinatorMessage next() {
        try {
            CoordinatorMessage message = inbox.poll(Eventually.DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            if (message == null) {
                throw new AssertionError("no message from the coordinator within " + Eventually.DEADLINE
                        + (closed.isDone() ? "; stream closed: " + closed.join() : ""));
            }
            return message;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The first message that matches, skipping the others. */
    public CoordinatorMessage awaitMessage(String what, Predicate<CoordinatorMessage> matches) {
        long deadline = System.nanoTime() + Eventually.DEADLINE.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            try {
                CoordinatorMessage message = inbox.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
                if (message == null) {
                    throw new AssertionError("no " + what + " from the coordinator within " + Eventually.DEADLINE);
                }
                if (matches.test(message)) {
                    return message;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** Messages received and not read yet. */
    public List<CoordinatorMessage> drain() {
        List<CoordinatorMessage> out = new ArrayList<>();
        inbox.drainTo(out);
        return out;
    }

    /** How the coordinator ended the stream. */
    public Status awaitClosed() {
        try {
            return closed.get(Eventually.DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("stream not closed within " + Eventually.DEADLINE, e);
        }
    }

    /** Ends the session as an agent that shuts down cleanly would. */
    public void finish() {
        out.onCompleted();
    }

    /** Drops the session as a crashed agent would. */
    @Override
    public void close() {
        if (!closed.isDone()) {
            out.onError(Status.CANCELLED.withDescription("fake agent gone").asRuntimeException());
        }
    }
}
