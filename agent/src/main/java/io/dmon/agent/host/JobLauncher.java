package io.dmon.agent.host;

import io.dmon.agent.load.LoadSources;
import io.dmon.agent.monitor.MonitorDirs;
import io.dmon.agent.monitor.MonitorJobProcesses;
import io.dmon.agent.monitor.MonitorLauncher;
import io.dmon.agent.monitor.MonitorRecords;
import io.dmon.agent.monitor.MonitorSpec;
import io.dmon.agent.output.LineSink;
import io.dmon.agent.process.Credentials;
import io.dmon.agent.process.Posix;
import io.dmon.agent.process.Spawner;
import io.dmon.agent.process.cgroup.CgroupMode;
import io.dmon.agent.process.cgroup.Isolation;
import io.dmon.agent.process.cgroup.JobCgroup;
import io.dmon.agent.process.cgroup.JobCgroups;
import io.dmon.agent.spool.SpoolSet;
import io.dmon.agent.state.StateDir;
import io.dmon.agent.supervise.JobAssembly;
import io.dmon.agent.supervise.JobEvent;
import io.dmon.agent.supervise.JobSetupException;
import io.dmon.agent.supervise.LogPipe;
import io.dmon.agent.supervise.StatusFileWriter;
import io.dmon.agent.supervise.Supervisor;
import io.dmon.agent.supervise.SupervisorClock;
import io.dmon.agent.supervise.SupervisorSettings;
import io.dmon.spec.JobSpec;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Builds the supervisor of one hosted job with the {@link JobAssembly} {@code dmon} uses: the
 * same environment rules ({@code -E} over the agent's environment), load source
 * ({@code DMON_LOADAVG_FILE}, one reading shared by the host's jobs), credentials, limits, status
 * file and in-process log tools; here the work directory is the job's folder in the state
 * directory, and the job's runs go through a per-job monitor that outlives the agent
 * ({@link MonitorJobProcesses}), their output into the job's spool.
 */
public final class JobLauncher {
    private final JobAssembly assembly;
    private final StateDir state;
    private final Map<String, String> env;
    private final SpoolSet spools;
    private final Duration stopGrace;
    private final RunAsPolicy runAs;
    private final Posix posix;
    private final MonitorLauncher monitors;
    private final MonitorDirs monitorDirs;
    private final Consumer<String> diagnostics;
    private JobCgroups cgroups;

    /**
     * @param env       the agent's environment: the base of every job's, and where the load is read
     * @param stopGrace how long a TERM'd job may take before KILL
     * @param runAs     whom this agent agrees to run jobs as; checked before anything of a job is made
     */
    public JobLauncher(Posix posix, StateDir state, Map<String, String> env, SpoolSet spools, Duration stopGrace,
                       RunAsPolicy runAs, MonitorLauncher monitors, MonitorDirs monitorDirs, Consumer<String> diagnostics) {
        this.assembly = new JobAssembly(posix, new LoadSources(System::nanoTime), SupervisorClock.SYSTEM);
        this.posix = posix;
        this.monitors = monitors;
        this.monitorDirs = monitorDirs;
        this.diagnostics = diagnostics;
        this.runAs = runAs;
        this.state = state;
        this.env = Map.copyOf(env);
        this.spools = spools;
        this.stopGrace = stopGrace;
        this.cgroups = JobCgroups.detect(posix, CgroupMode.OFF, "none");
    }

    /** Gives each job a cgroup of its own where {@code cgroups} can (before any job is launched). */
    public JobLauncher withCgroups(JobCgroups cgroups) {
        this.cgroups = cgroups;
        return this;
    }

    /** A supervisor ready to run, its processes, what to close once it returned, and what holds its processes. */
    record Launched(Supervisor supervisor, MonitorJobProcesses processes, Closeable statusFile, Isolation isolation,
                    JobCgroup cgroup) {
    }

    /**
     * Builds the job's supervisor.
     *
     * @param runBase  runs before this supervisor's first, over the job's life on this host
     * @param listener receives every event, on the supervisor's thread
     * @param records  where the job's monitor is written down (its runtime record)
     * @throws LaunchException when the job cannot run at all, or the agent refuses it
     *                         ({@link LaunchException#refused()}: its {@link RunAsPolicy}, or -P on
     *                         a host without pressure stall information), with the reason in one line
     */
    Launched launch(DesiredJob job, int runBase, JobEvent.Listener listener, MonitorRecords records)
            throws LaunchException {
        JobSpec spec = job.spec();
        if (spec == null) {
            throw new LaunchException("bad job spec: " + job.unreadable());
        }
        Credentials cmdUser;
        Credentials logUser;
        try {
            cmdUser = assembly.credentials(spec.cmdUser(), "-u");
            logUser = assembly.credentials(spec.logUser(), "-U");
        } catch (JobSetupException e) {
            throw new LaunchException(e.getMessage());
        }
        var refusal = runAs.refusal(cmdUser, spec.cmdUser().map(u -> u.user()).orElse(null),
                !spec.logCommand().isEmpty(), logUser, spec.logUser().map(u -> u.user()).orElse(null));
        if (refusal.isPresent()) {
            throw LaunchException.refusal(refusal.get());
        }
        Map<String, String> jobEnv = JobAssembly.environment(env, spec);
        var noPressure = JobAssembly.pressureProblem(spec, jobEnv);
        if (noPressure.isPresent()) {
            throw LaunchException.refusal(noPressure.get());
        }
        OutputStream statusFile = null;
        LineSink inProcess = null;
        try {
            Path workDir = JobAssembly.workDir(home(job.id()), spec);
            statusFile = JobAssembly.openStatusFile(workDir, spec);
            inProcess = assembly.inProcessSink(spec, workDir, jobEnv);
            JobEvent.Listener events = listener;
            if (statusFile != null) {
                StatusFileWriter lines = new StatusFileWriter(statusFile);
                events = e -> {
                    lines.onEvent(e);
                    listener.onEvent(e);
                };
            }
            List<String> envWords = Spawner.environment(jobEnv);
            LogPipe logPipe = inProcess == null && !spec.logCommand().isEmpty()
                    ? new LogPipe(posix, spec.logCommand(), envWords, workDir.toString(), logUser) : null;
            // The same directories for the same job on every start: a restarted agent finds its cgroup again.
            JobCgroups.Placement placement = JobAssembly.withCgroupLimits(spec, cgroups.place(job.id()));
            JobCgroup cgroup = placement.cgroup();
            var noOwnPressure = JobAssembly.selfPressureProblem(spec, placement);
            if (noOwnPressure.isPresent()) {
                throw LaunchException.refusal(noOwnPressure.get());
            }
            MonitorSpec monitorSpec = new MonitorSpec(monitorDirs.root(), spec.command(), envWords, workDir.toString(),
                    cmdUser, JobAssembly.limits(spec.limits()), spec.stderrRedir(), MonitorSpec.DEFAULT_STORE_BYTES,
                    MonitorSpec.DEFAULT_SEGMENT_BYTES, cgroup == null ? List.of() : cgroup.dirs());
            MonitorJobProcesses processes = new MonitorJobProcesses(job.id(), monitors, monitorDirs, monitorSpec,
                    spools, records, posix, runBase, stopGrace, logPipe, inProcess, diagnostics).heldBy(cgroup);
            Supervisor supervisor = new Supervisor(SupervisorSettings.of(spec).withStopGrace(stopGrace.toNanos()),
                    processes, assembly.loadSource(jobEnv),
                    JobAssembly.withOwnPressure(assembly.pressureSource(jobEnv), spec, cgroup), events,
                    SupervisorClock.SYSTEM);
            return new Launched(supervisor, processes, statusFile == null ? () -> { } : statusFile,
                    placement.isolation(), cgroup);
        } catch (JobSetupException | IOException | IllegalArgumentException e) {
            closeQuietly(statusFile);
            closeQuietly(inProcess);
            throw new LaunchException(e.getMessage());
        }
    }

    /**
     * Processes for a job this agent cannot run (its spec is bad, or refused here), only to end
     * what a previous agent left of it ({@link MonitorJobProcesses#takeOver} without adopting).
     */
    MonitorJobProcesses leftovers(String jobId, MonitorRecords records) {
        MonitorSpec none = MonitorSpec.of(monitorDirs.root(), List.of("true"), List.of());
        // Its cgroup, if a previous agent gave it one: what is left in it goes too.
        return new MonitorJobProcesses(jobId, monitors, monitorDirs, none, spools, records, posix, 0, stopGrace, null,
                null, diagnostics).heldBy(cgroups.place(jobId).cgroup());
    }

    /** {@code STATE/jobs/NAME/}, created: the work directory, and what -W is relative to. */
    private Path home(String jobId) throws LaunchException {
        Path home = state.jobDir(jobId);
        try {
            Files.createDirectories(home);
        } catch (IOException e) {
            throw new LaunchException("cannot create the work directory " + home + ": " + e.getMessage());
        }
        return home;
    }

    private static void closeQuietly(Closeable c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException e) {
                // nothing was written through it
            }
        }
    }
}
