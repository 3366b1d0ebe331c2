package io.dmon.agent.node;

import io.dmon.agent.host.DesiredJob;
import io.dmon.agent.host.JobHost;
import io.dmon.agent.host.JobLauncher;
import io.dmon.agent.host.MonitorRecovery;
import io.dmon.agent.host.OrphanReaper;
import io.dmon.agent.link.AgentLink;
import io.dmon.agent.link.AssignmentMapper;
import io.dmon.agent.link.HeartbeatSource;
import io.dmon.agent.link.LinkConfig;
import io.dmon.agent.link.ReportQueue;
import io.dmon.agent.load.LoadAvgFile;
import io.dmon.agent.load.PressureFiles;
import io.dmon.agent.monitor.MonitorDirs;
import io.dmon.agent.monitor.MonitorLauncher;
import io.dmon.agent.monitor.StrayMonitors;
import io.dmon.agent.process.Posix;
import io.dmon.agent.process.cgroup.CgroupLeftovers;
import io.dmon.agent.process.cgroup.JobCgroups;
import io.dmon.agent.spool.SpoolSet;
import io.dmon.agent.state.JobRecord;
import io.dmon.agent.state.StateDir;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A running agent. {@link #start} takes over from a previous agent (killed, stopped or replaced
 * by a new build): its jobs' monitors are re-attached, each job going on with the same run;
 * monitors no record names are ended, and processes of records without a monitor stopped; its
 * assignment and spools are taken over. It starts the jobs of the saved assignment at once (no
 * coordinator needed) and starts dialling the coordinators. {@link #detach()} goes away and
 * leaves every job running under its monitor, for the next agent; {@link #close()} stops the
 * link and then every job, gracefully.
 */
public final class AgentNode implements AutoCloseable {
    /** The agent's version, as reported to coordinators. */
    public static final String VERSION = version();
    private static final int MAX_QUEUED_EVENTS = 10_000;

    private final StateDir state;
    private final SpoolSet spools;
    private final JobHost host;
    private final AgentLink link;
    /** Re-reads the jobs' cgroup counters: ps shows CPU time and memory at most this old. */
    private static final long USAGE_PERIOD_SECONDS = 5;
    private final ScheduledExecutorService usage = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dmon-usage");
        t.setDaemon(true);
        return t;
    });

    private AgentNode(StateDir state, SpoolSet spools, JobHost host, AgentLink link) {
        this.state = state;
        this.spools = spools;
        this.host = host;
        this.link = link;
    }

    /**
     * Starts an agent.
     *
     * @param posix the native library, as the program's main loaded it
     * @throws IOException when the state directory cannot be used (one-line message)
     */
    public static AgentNode start(AgentConfig config, Posix posix) throws IOException {
        StateDir state = StateDir.open(config.stateDir(), config.diagnostics());
        try {
            MonitorLauncher monitors = MonitorLauncher.find(state.monitorsRoot().resolve("bin"));
            Map<String, JobRecord> records = state.readRecords();
            MonitorDirs dirs = MonitorDirs.open(state.monitorsRoot(), records.values().stream().map(JobRecord::monitor)
                    .filter(Objects::nonNull).toList());
            MonitorRecovery left = MonitorRecovery.scan(dirs, records.values());
            // Before any job starts: a damaged record's job is about to run anew.
            StrayMonitors.end(dirs, left.stray(), config.stopGrace(), posix, config.diagnostics());
            // A run under a monitor is the monitor's to keep; the rest (a log command, the runs of
            // an agent from before monitors) is stopped.
            new OrphanReaper(posix, config.stopGrace(), config.diagnostics()).reap(records.values().stream()
                    .map(r -> r.monitor() == null ? r : r.withCommand(0, 0)).toList());
            SpoolSet spools = SpoolSet.open(state.spoolRoot(), config.spoolMaxBytes(), config.diagnostics(),
                    state.health());
            spools.retain(config.logRetain());
            ReportQueue reports = new ReportQueue(MAX_QUEUED_EVENTS);
            JobCgroups cgroups = JobCgroups.detect(posix, config.cgroups(), config.name());
            JobLauncher launcher = new JobLauncher(posix, state, config.env(), spools, config.stopGrace(),
                    config.runAs(), monitors, dirs, config.diagnostics())
                    .withCgroups(cgroups);
            // A stop takes the grace period, the output drain (2 s) and the log command's (5 s) at most.
            JobHost host = new JobHost(launcher, state, spools, reports, records, left.byJob(),
                    config.stopGrace().plusSeconds(10), AssignmentMapper::saved, config.diagnostics());
            AgentLink link = new AgentLink(new LinkConfig(config.name(), config.labels(), VERSION, config.coordinators(),
                    config.credentials(), config.channels(), config.diagnostics(), config.preferredRetry()), host, spools, reports,
                    new HeartbeatSource(LoadAvgFile.fromEnvironment(config.env()),
                            PressureFiles.fromEnvironment(config.env())));
            List<DesiredJob> saved = state.readAssignment(AssignmentMapper::fromSaved).orElse(List.of());
            host.reconcile(saved);
            host.endUnclaimed();
            // Before the link brings new jobs: the cgroups of jobs whose monitor is gone and that
            // will never run here again (removed while the agent was down) have nobody to end them.
            Set<String> held = new HashSet<>(records.keySet());
            held.addAll(left.byJob().keySet());
            saved.forEach(j -> held.add(j.id()));
            host.jobs().forEach(j -> held.add(j.id()));
            CgroupLeftovers.pruneJobs(cgroups, held, config.diagnostics());
            spools.retireAllExcept(saved.stream().map(DesiredJob::id).collect(Collectors.toSet()));
            link.start();
            AgentNode node = new AgentNode(state, spools, host, link);
            node.usage.scheduleWithFixedDelay(host::refreshUsage, USAGE_PERIOD_SECONDS, USAGE_PERIOD_SECONDS,
                    TimeUnit.SECONDS);
            return node;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            state.close();
            throw new InterruptedIOException("interrupted while stopping what the previous agent left");
        } catch (IOException | RuntimeException e) {
            state.close();
            throw e;
        }
    }

    /** True while a coordinator holds this agent's session. */
    public boolean registered() {
        return link.registered();
    }

    /** The jobs of this host (for embedding and tests). */
    public JobHost host() {
        return host;
    }

    /** The jobs' output spools (for metrics). */
    public SpoolSet spools() {
        return spools;
    }

    /**
     * Stops the link and lets go of every job, leaving each running under its monitor (what
     * {@code dmon-agent} does on TERM): the next agent on this state directory takes them over.
     */
    public void detach() {
        shutDown(false);
    }

    /** Stops the link, then every job (TERM, grace, KILL) and its monitor, and releases the state directory. */
    @Override
    public void close() {
        shutDown(true);
    }

    /** The link first, so no order arrives while the jobs are let go of or stopped. */
    private void shutDown(boolean stopJobs) {
        usage.shutdownNow();
        boolean interrupted = false;
        try {
            link.close();
        } catch (InterruptedException e) {
            interrupted = true;
        }
        try {
            if (stopJobs) {
                // A job whose output waits for a full disk must not hold the agent's stop.
                spools.stopping();
                host.close();
            } else {
                host.detach();
            }
        } catch (InterruptedException e) {
            interrupted = true;
        }
        spools.close();
        state.close();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static String version() {
        String v = AgentNode.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
