package io.dmon.agent.link;

import io.dmon.agent.host.HostListener;
import io.dmon.agent.host.JobHost;
import io.dmon.agent.spool.JobSpool;
import io.dmon.proto.v1.AgentMessage;
import io.dmon.proto.v1.AgentServiceGrpc;
import io.dmon.proto.v1.CoordinatorMessage;
import io.dmon.proto.v1.EventBatch;
import io.dmon.proto.v1.Heartbeat;
import io.dmon.proto.v1.JobEvent;
import io.dmon.proto.v1.JobStatus;
import io.dmon.proto.v1.LogBatch;
import io.dmon.proto.v1.LogCursor;
import io.dmon.proto.v1.LogLine;
import io.dmon.proto.v1.Register;
import io.dmon.proto.v1.StatusBatch;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The agent's connection to the coordinators: dials them in turn, keeps one session open, and
 * when it breaks tries the next one after a jittered backoff. Over a session it registers (the
 * jobs it holds and their state), applies the desired state it receives, heartbeats every second
 * with the load, and sends events, statuses and the spooled log lines, replaying after every
 * reconnect from the first line not yet acknowledged. Supervision never waits for any of this.
 */
public final class AgentLink implements AutoCloseable {
    private static final int LINES_PER_BATCH = 512;
    private static final long MAX_IN_FLIGHT = 10_000;

    private final String name;
    private final Map<String, String> labels;
    private final List<String> coordinators;
    private final ChannelCredentials credentials;
    private final Path loadFile;
    private final Object signal = new Object();
    private final PendingReports reports = new PendingReports(this::wake);
    private final Backoff backoff = new Backoff();
    private volatile JobHost host;
    private volatile boolean closed;
    private volatile String connectedTo;
    private boolean woken;
    private Thread thread;

    public AgentLink(String name, Map<String, String> labels, List<String> coordinators,
                     ChannelCredentials credentials, Path loadFile) {
        if (coordinators.isEmpty()) {
            throw new IllegalArgumentException("no coordinator address");
        }
        this.name = name;
        this.labels = Map.copyOf(labels);
        this.coordinators = List.copyOf(coordinators);
        this.credentials = credentials;
        this.loadFile = loadFile;
    }

    /** Where the jobs report to: give it to the {@link JobHost}. */
    public HostListener listener() {
        return reports;
    }

    /** The coordinator holding the session now, or null while disconnected. */
    public String connectedTo() {
        return connectedTo;
    }

    public void start(JobHost jobs) {
        this.host = jobs;
        thread = new Thread(this::run, "agent-link");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        int next = 0;
        while (!closed) {
            String target = coordinators.get(next++ % coordinators.size());
            ManagedChannel channel = Grpc.newChannelBuilder(target, credentials)
                    .keepAliveTime(20, TimeUnit.SECONDS).keepAliveTimeout(10, TimeUnit.SECONDS).build();
            boolean registered = false;
            try {
                registered = converse(channel);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                System.err.println("dmon-agent: session with " + target + ": " + e.getMessage());
            } finally {
                connectedTo = null;
                channel.shutdownNow();
            }
            if (closed) {
                return;
            }
            if (registered) {
                backoff.reset();
            }
            try {
                Thread.sleep(backoff.nextDelayMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** One session, until it breaks; true when the coordinator accepted the registration. */
    private boolean converse(ManagedChannel channel) throws InterruptedException {
        Session session = new Session(this::wake);
        AgentServiceGrpc.newStub(channel).session(session);
        JobHost jobs = host;
        session.send(AgentMessage.newBuilder().setRegister(Register.newBuilder().setName(name).putAllLabels(labels)
                .setVersion(AgentLink.class.getPackage().getImplementationVersion() == null ? "dev"
                        : AgentLink.class.getPackage().getImplementationVersion())
                .addAllJobs(jobs.jobs()).addAllStatuses(jobs.statuses())).build());
        boolean registered = false;
        Map<String, Long> sent = new HashMap<>();
        long lastHeartbeat = 0;
        while (!closed && !session.done()) {
            for (CoordinatorMessage m : session.drain()) {
                if (m.hasRegistered()) {
                    registered = true;
                    connectedTo = m.getRegistered().getCoordinator();
                } else {
                    handle(m, jobs);
                }
            }
            long now = System.currentTimeMillis();
            if (now - lastHeartbeat >= 1_000) {
                LoadAverages load = LoadAverages.read(loadFile);
                session.send(AgentMessage.newBuilder().setHeartbeat(Heartbeat.newBuilder().setLoad1(load.load1())
                        .setLoad5(load.load5()).setLoad15(load.load15()).setUnixMs(now)).build());
                lastHeartbeat = now;
            }
            if (registered && session.ready()) {
                sendReports(session);
                sendLogs(session, jobs, sent);
            }
            await(registered && session.ready() ? 200 : 100);
        }
        if (closed) {
            session.cancel();
        }
        return registered;
    }

    private void handle(CoordinatorMessage m, JobHost jobs) throws InterruptedException {
        if (m.hasAssignment()) {
            jobs.reconcile(m.getAssignment().getJobsList());
        } else if (m.hasChange()) {
            jobs.apply(m.getChange().getJob(), m.getChange().getRemoved());
        } else if (m.hasSignal()) {
            jobs.signal(m.getSignal().getJobId(), m.getSignal().getSignal());
        } else if (m.hasAck()) {
            for (LogCursor c : m.getAck().getCursorsList()) {
                for (JobSpool spool : jobs.spools()) {
                    if (spool.jobId().equals(c.getJobId())) {
                        try {
                            spool.ack(c.getSeq());
                        } catch (IOException e) {
                            System.err.println("dmon-agent: spool of " + c.getJobId() + ": " + e.getMessage());
                        }
                    }
                }
            }
        }
    }

    private void sendReports(Session session) {
        for (List<JobEvent> events; !(events = reports.takeEvents(500)).isEmpty(); ) {
            session.send(AgentMessage.newBuilder().setEvents(EventBatch.newBuilder().addAllEvents(events)).build());
        }
        List<JobStatus> statuses = reports.takeStatuses();
        if (!statuses.isEmpty()) {
            session.send(AgentMessage.newBuilder().setStatuses(StatusBatch.newBuilder().addAllStatuses(statuses))
                    .build());
        }
    }

    /** New lines of every job, from the first unacknowledged one after a reconnect; bounded in flight. */
    private void sendLogs(Session session, JobHost jobs, Map<String, Long> sent) {
        for (JobSpool spool : jobs.spools()) {
            long acked = spool.ackedSeq();
            long from = Math.max(sent.getOrDefault(spool.jobId(), acked), acked);
            while (session.ready() && from - acked < MAX_IN_FLIGHT) {
                int room = (int) Math.min(LINES_PER_BATCH, MAX_IN_FLIGHT - (from - acked));
                List<LogLine> lines = spool.linesAfter(from, room);
                if (lines.isEmpty()) {
                    break;
                }
                session.send(AgentMessage.newBuilder().setLogs(LogBatch.newBuilder().addAllLines(lines)).build());
                from = lines.get(lines.size() - 1).getSeq();
            }
            sent.put(spool.jobId(), from);
        }
    }

    private void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    private void await(long millis) throws InterruptedException {
        synchronized (signal) {
            if (!woken) {
                signal.wait(millis);
            }
            woken = false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        wake();
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            t.join(10_000);
        }
    }
}
