package io.dmon.agent.supervise;

import io.dmon.agent.load.LoadSource;
import io.dmon.agent.load.LoadSources;
import io.dmon.agent.load.PressureFiles;
import io.dmon.agent.load.PressureSource;
import io.dmon.agent.output.InProcessLogTools;
import io.dmon.agent.output.LineSink;
import io.dmon.agent.process.Credentials;
import io.dmon.agent.process.CredentialsException;
import io.dmon.agent.process.Posix;
import io.dmon.agent.process.cgroup.Isolation;
import io.dmon.spec.CgroupLimit;
import io.dmon.agent.process.cgroup.JobCgroup;
import io.dmon.agent.process.cgroup.JobCgroups;
import io.dmon.agent.process.Spawner;
import io.dmon.spec.EnvChange;
import io.dmon.spec.JobSpec;
import io.dmon.spec.PressureMark;
import io.dmon.spec.ResourceLimit;
import io.dmon.spec.SpecException;
import io.dmon.spec.UserSpec;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds a supervised job from its {@link JobSpec}, the same way for {@code dmon} and for the
 * agent: environment ({@code -E} over a base), work directory ({@code -W}), status file
 * ({@code -I}), credentials ({@code -u}/{@code -U}), limits, in-process log tools and the load
 * and pressure sources. What differs between the two (the base directory, terminal job control, an uplink) is
 * passed in.
 */
public final class JobAssembly {
    private final Posix posix;
    private final LoadSources loads;
    private final SupervisorClock clock;

    /** @param loads the host's load and pressure sources, shared by all jobs built here */
    public JobAssembly(Posix posix, LoadSources loads, SupervisorClock clock) {
        this.posix = posix;
        this.loads = loads;
        this.clock = clock;
    }

    /** The environment after the spec's {@code -E} changes, in order. */
    public static Map<String, String> environment(Map<String, String> base, JobSpec spec) {
        Map<String, String> env = new LinkedHashMap<>(base);
        for (EnvChange change : spec.environ()) {
            if (change.isUnset()) {
                env.remove(change.name());
            } else {
                env.put(change.name(), change.value());
            }
        }
        return env;
    }

    /** {@code base}, or {@code -W} resolved against it, which must be an existing directory. */
    public static Path workDir(Path base, JobSpec spec) throws JobSetupException {
        if (spec.workDir().isEmpty()) {
            return base;
        }
        Path dir = base.resolve(spec.workDir().get()).normalize();
        if (!Files.isDirectory(dir)) {
            throw new JobSetupException("cannot use '" + spec.workDir().get() + "' as work directory: "
                    + (Files.exists(dir) ? "Not a directory" : "No such file or directory"));
        }
        return dir;
    }

    /** The {@code -I} status file opened for append in {@code workDir}, or null without -I. */
    public static OutputStream openStatusFile(Path workDir, JobSpec spec) throws JobSetupException {
        if (spec.infoFile().isEmpty()) {
            return null;
        }
        String asGiven = spec.infoFile().get();
        try {
            return new FileOutputStream(workDir.resolve(asGiven).toFile(), true);
        } catch (IOException e) {
            throw new JobSetupException("cannot open '" + asGiven + "' for writing: " + reason(e));
        }
    }

    /** The reason in an I/O message, without the path Java puts before it ("/x/y (Permission denied)"). */
    public static String reason(IOException e) {
        String m = e.getMessage();
        int paren = m == null ? -1 : m.lastIndexOf(" (");
        return paren >= 0 && m.endsWith(")") ? m.substring(paren + 2, m.length() - 1) : String.valueOf(m);
    }

    /** Resolves -u/-U against the system's user database; null without one. */
    public Credentials credentials(Optional<UserSpec> user, String option) throws JobSetupException {
        if (user.isEmpty()) {
            return null;
        }
        try {
            return Credentials.resolve(posix, user.get().user(), user.get().groups());
        } catch (CredentialsException e) {
            throw new JobSetupException("option " + option + ": " + e.getMessage());
        }
    }

    /**
     * The in-process sink for a log command that is one of our log tools and runs as ourselves
     * (no -U), or null: the log command then runs as a process.
     */
    public LineSink inProcessSink(JobSpec spec, Path workDir, Map<String, String> env) throws JobSetupException {
        if (spec.logCommand().isEmpty() || spec.logUser().isPresent()) {
            return null;
        }
        try {
            return InProcessLogTools.open(spec.logCommand(), workDir, env, posix).orElse(null);
        } catch (SpecException e) {
            throw new JobSetupException(e.getMessage());
        }
    }

    /**
     * A supervisor for {@code spec}, ready to {@link Supervisor#run()}.
     *
     * @param env                the job's environment (already with -E applied)
     * @param workDir            the absolute directory the processes run in
     * @param cmdUser            the command's credentials from {@link #credentials}, or null
     * @param logUser            the log command's credentials, or null
     * @param inProcessSink      the sink from {@link #inProcessSink}, or null
     * @param terminalJobControl keep the command in our process group (foreground on a terminal)
     * @param load               where -L reads the load ({@link #loadSource})
     * @param pressure           where -P reads the pressure ({@link #pressureSource})
     * @param uplink             a second destination for every output line (the agent's spool), or null
     */
    public Supervisor supervisor(JobSpec spec, SupervisorSettings settings, Map<String, String> env, Path workDir,
                                 Credentials cmdUser, Credentials logUser, LineSink inProcessSink,
                                 boolean terminalJobControl, LoadSource load, PressureSource pressure,
                                 LineSink uplink,
                                 JobEvent.Listener listener)
            throws IOException {
        return supervisor(spec, settings, env, workDir, cmdUser, logUser, inProcessSink, terminalJobControl, load,
                pressure, uplink, null, listener);
    }

    /** As above, the job held by {@code cgroup} (null: by its process group). */
    public Supervisor supervisor(JobSpec spec, SupervisorSettings settings, Map<String, String> env, Path workDir,
                                 Credentials cmdUser, Credentials logUser, LineSink inProcessSink,
                                 boolean terminalJobControl, LoadSource load, PressureSource pressure,
                                 LineSink uplink, JobCgroup cgroup,
                                 JobEvent.Listener listener)
            throws IOException {
        var plan = new LocalJobProcesses.Plan(spec.command(), spec.logCommand(), Spawner.environment(env), workDir.toString(),
                cmdUser, logUser, limits(spec.limits()),
                terminalJobControl ? Posix.Group.INHERIT : Posix.Group.NEW_GROUP, spec.stderrRedir());
        var processes = new LocalJobProcesses(posix, plan, inProcessSink, uplink, cgroup);
        return new Supervisor(settings, processes, load, pressure, listener, clock);
    }

    /** The host's shared source for the load file the job's environment names ({@code DMON_LOADAVG_FILE}). */
    public LoadSource loadSource(Map<String, String> env) {
        return loads.forEnvironment(env);
    }

    /**
     * The host's shared source for the pressure directory the job's environment names
     * ({@code DMON_PRESSURE_DIR}, else {@code /proc/pressure}).
     */
    public PressureSource pressureSource(Map<String, String> env) {
        return loads.pressureForEnvironment(env);
    }

    /**
     * Why this host cannot watch the spec's {@code -P} marks (no pressure stall information, or
     * not the line a mark names), in one line naming the marks; empty when it can, or without -P.
     * Asked before the job runs: a gate that could never close must not look like one that is open.
     */
    public static Optional<String> pressureProblem(JobSpec spec, Map<String, String> env) {
        if (spec.pressure().isEmpty()) {
            return Optional.empty();
        }
        List<PressureMark> host = spec.pressure().stream().filter(m -> !m.metric().self()).toList();
        if (host.isEmpty()) {
            return Optional.empty();
        }
        return PressureFiles.fromEnvironment(env).missing(host.stream().map(PressureMark::metric).toList())
                .map(why -> "-P " + String.join(" -P ", host.stream().map(PressureMark::text).toList())
                        + ": " + why);
    }

    /**
     * The job's place with its {@code -r memory-max} and {@code -r cpu-max} applied to its
     * cgroup; what cannot be enforced is said in the isolation's fallback.
     */
    public static JobCgroups.Placement withCgroupLimits(JobSpec spec, JobCgroups.Placement placement) {
        long memory = -1;
        long cpu = -1;
        for (CgroupLimit l : spec.cgroupLimits()) {
            if (l.kind() == CgroupLimit.Kind.MEMORY_MAX) {
                memory = l.value();
            } else {
                cpu = l.value();
            }
        }
        return JobCgroups.limited(placement, memory, cpu);
    }

    /**
     * Why the job's own pressure ({@code -P self:...}) cannot be watched: it has no v2 cgroup of
     * its own (the holder it has and why are said), or its cgroup lacks the file; empty when it
     * can, or without such a mark. Asked once the job's cgroup is placed, before it runs.
     */
    public static Optional<String> selfPressureProblem(JobSpec spec, JobCgroups.Placement placement) {
        List<PressureMark> own = spec.pressure().stream().filter(m -> m.metric().self()).toList();
        if (own.isEmpty()) {
            return Optional.empty();
        }
        String marks = "-P " + String.join(" -P ", own.stream().map(PressureMark::text).toList());
        Isolation i = placement.isolation();
        if (placement.cgroup() == null || i.kind() != Isolation.Kind.CGROUP_V2) {
            return Optional.of(marks + ": the job has no cgroup v2 of its own to read its pressure from (it has "
                    + i.kind().label() + (i.fallback().isEmpty() ? "" : ": " + i.fallback()) + ")");
        }
        return PressureFiles.ofCgroup(placement.cgroup().holder())
                .missing(own.stream().map(m -> m.metric().host()).toList()).map(why -> marks + ": " + why);
    }

    /**
     * The pressure source of a job whose marks may read its own cgroup's pressure too
     * ({@code -P self:...}): the host's figures, and its cgroup's beside them.
     */
    public static PressureSource withOwnPressure(PressureSource host, JobSpec spec, JobCgroup cgroup) {
        if (cgroup == null || spec.pressure().stream().noneMatch(m -> m.metric().self())) {
            return host;
        }
        PressureFiles own = PressureFiles.ofCgroup(cgroup.holder());
        return () -> host.pressure().withSelf(own.pressure());
    }

    /** The {kind, soft, hard} triples of a spec's limits, as a launch takes them; null without any. */
    public static long[] limits(List<ResourceLimit> limits) {
        if (limits.isEmpty()) {
            return null;
        }
        long[] triples = new long[limits.size() * 3];
        for (int i = 0; i < limits.size(); i++) {
            ResourceLimit l = limits.get(i);
            triples[3 * i] = l.kind().rlimit();
            triples[3 * i + 1] = l.rlimitValue();
            triples[3 * i + 2] = l.rlimitValue();
        }
        return triples;
    }
}
