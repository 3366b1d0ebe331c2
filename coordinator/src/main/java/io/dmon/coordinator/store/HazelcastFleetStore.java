package io.dmon.coordinator.store;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.io.IOException;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@link FleetStore} of one coordinator: a Hazelcast member of the cluster {@code dmon}.
 *
 * <p>Layout (every value is the bytes of a dmon.v1 message; every map and ring has the configured
 * number of synchronous backups):
 * <ul>
 *   <li>IMap {@code jobs}: job id to {@code Job} (desired state)</li>
 *   <li>IMap {@code statuses}: job id to {@code JobStatus} (observed state)</li>
 *   <li>IMap {@code hosts}: host name to {@code HostView} (session owner, last seen)</li>
 *   <li>Ringbuffer {@code log:<jobId>}: the job's {@code LogLine}s; the ring's newest line is the
 *       highest seq stored; IMap {@code log-cursors} holds no entries, only the per-job locks that
 *       make an append (read the newest seq, add what is above it) or the ring's removal one step;
 *       ITopic {@code log-appends} announces the ids of jobs whose lines were just appended</li>
 *   <li>Ringbuffer {@code events}: {@code JobEvent}s of the whole fleet</li>
 *   <li>ITopic {@code signals}: {@code SignalJob}s on their way to the session holder</li>
 *   <li>ITopics {@code log-reads} and {@code log-replies}: {@code HostLogRead}s on their way to the
 *       session holder and its {@code HostLogReply}s back</li>
 *   <li>IMap {@code gates}: gate name to {@code Gate} (settings and the last decision)</li>
 *   <li>member attributes {@code dmon.grpc-address} and {@code dmon.started-unix-ms}</li>
 * </ul>
 */
public final class HazelcastFleetStore implements FleetStore {
    private final HazelcastInstance hazelcast;
    // java.util.logging keeps loggers weakly: hold the ones we set, or they forget their levels.
    private final List<Logger> loggers;
    private final JobStore jobs;
    private final StatusStore statuses;
    private final HostStore hosts;
    private final LogStore logs;
    private final EventBus events;
    private final SignalBus signals;
    private final LogReadBus logReads;
    private final GateStore gates;
    private final ClusterView cluster;

    private HazelcastFleetStore(HazelcastInstance hazelcast, List<Logger> loggers, int logLineBytes) {
        this.hazelcast = hazelcast;
        this.loggers = loggers;
        this.jobs = new HazelcastJobStore(hazelcast.getMap("jobs"), hazelcast.getMap(HazelcastJobStore.REMOVALS));
        this.statuses = new HazelcastStatusStore(hazelcast.getMap("statuses"));
        this.hosts = new HazelcastHostStore(hazelcast.getMap("hosts"));
        this.logs = new HazelcastLogStore(hazelcast, logLineBytes);
        this.events = new HazelcastEventBus(hazelcast.getRingbuffer(HazelcastEventBus.RING));
        this.signals = new HazelcastSignalBus(hazelcast.getTopic(HazelcastSignalBus.TOPIC));
        this.logReads = new HazelcastLogReadBus(hazelcast.getTopic(HazelcastLogReadBus.READS),
                hazelcast.getTopic(HazelcastLogReadBus.REPLIES));
        this.gates = new HazelcastGateStore(hazelcast.getMap(HazelcastGateStore.MAP));
        this.cluster = new HazelcastClusterView(hazelcast.getCluster());
    }

    /**
     * Starts a member and joins the peers (alone when none answers).
     *
     * @throws IOException when the member cannot start (its port is taken, its address is not
     *                     this machine's), with a one-line message
     */
    public static HazelcastFleetStore start(StoreSettings settings) throws IOException {
        // Phone-home is read from the system property by some code paths and from the config by
        // others: off in both.
        System.setProperty(MemberConfigFactory.PHONE_HOME, "false");
        List<Logger> loggers = quietLoggers();
        try {
            HazelcastInstance member = Hazelcast.newHazelcastInstance(MemberConfigFactory.create(settings));
            return new HazelcastFleetStore(member, loggers, settings.logLineBytes());
        } catch (IOException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IOException("hazelcast member on " + settings.host() + ":" + settings.port()
                    + " did not start: " + rootMessage(e), e);
        }
    }

    @Override
    public JobStore jobs() {
        return jobs;
    }

    @Override
    public StatusStore statuses() {
        return statuses;
    }

    @Override
    public HostStore hosts() {
        return hosts;
    }

    @Override
    public LogStore logs() {
        return logs;
    }

    @Override
    public EventBus events() {
        return events;
    }

    @Override
    public SignalBus signals() {
        return signals;
    }

    @Override
    public LogReadBus logReads() {
        return logReads;
    }

    @Override
    public GateStore gates() {
        return gates;
    }

    @Override
    public ClusterView cluster() {
        return cluster;
    }

    @Override
    public void close() {
        if (hazelcast.getLifecycleService().isRunning()) {
            hazelcast.shutdown();
        }
        loggers.get(0).fine("store member left the cluster");
    }

    /**
     * Hazelcast at WARNING (its INFO is a page per member event), and its address picker silent:
     * a member that cannot bind is reported by {@link #start} in one line, not a stack trace.
     */
    private static List<Logger> quietLoggers() {
        Logger all = Logger.getLogger("com.hazelcast");
        if (all.getLevel() == null) {
            all.setLevel(Level.WARNING);
        }
        Logger addressPicker = Logger.getLogger("com.hazelcast.instance.AddressPicker");
        addressPicker.setLevel(Level.OFF);
        return List.of(all, addressPicker);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return message.lines().findFirst().orElse(message);
    }
}
