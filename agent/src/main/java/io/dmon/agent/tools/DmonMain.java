package io.dmon.agent.tools;

import io.dmon.agent.output.LineSink;
import io.dmon.agent.process.Credentials;
import io.dmon.agent.process.Posix;
import io.dmon.agent.process.Signals;
import io.dmon.agent.process.cgroup.CgroupMode;
import io.dmon.agent.process.cgroup.Isolation;
import io.dmon.agent.process.cgroup.CgroupLeftovers;
import io.dmon.agent.process.cgroup.JobCgroups;
import io.dmon.agent.load.LoadSources;
import io.dmon.agent.supervise.JobAssembly;
import io.dmon.agent.supervise.JobEvent;
import io.dmon.agent.supervise.JobSetupException;
import io.dmon.agent.supervise.StatusFileWriter;
import io.dmon.agent.supervise.Supervisor;
import io.dmon.agent.supervise.SupervisorClock;
import io.dmon.agent.supervise.SupervisorSettings;
import io.dmon.spec.ConfigFileReader;
import io.dmon.spec.DmonUsage;
import io.dmon.spec.JobSpec;
import io.dmon.spec.JobSpecParser;
import io.dmon.spec.ParsedArgs;
import io.dmon.spec.SpecException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code dmon}: DMon 0.6, option for option. Everything that can be wrong with the input is
 * checked before daemonizing, so the user sees the one-line error and the status 1; and so is
 * whether this host can watch the {@code -P} marks at all (status 2: the input is fine, the host
 * has no pressure stall information).
 */
public final class DmonMain {
    private static final int[] HANDLED_SIGNALS = {
        Signals.TERM, Signals.INT, Signals.HUP, Signals.CONT, Signals.ALRM, Signals.USR1, Signals.USR2, Signals.QUIT
    };

    /** Set once the native library is loaded and a job ran: then exit without the JVM's wait. */
    private static volatile boolean supervised;

    private DmonMain() {
    }

    public static void main(String[] args) {
        int status;
        try {
            status = run(args, Posix::load);
        } catch (UsageException e) {
            System.err.println("dmon: " + e.getMessage());
            status = e.status;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = 1;
        }
        if (supervised && !Boolean.getBoolean("dmon.cds.dump")) {
            Posix.load().exitNow(status);
        }
        System.exit(status);
    }

    static int run(String[] args, Supplier<Posix> posix) throws UsageException, InterruptedException {
        Map<String, String> env = new LinkedHashMap<>(System.getenv());
        boolean daemonChild = Daemonizer.isDaemonChild(env);
        env.remove(Daemonizer.MARKER);
        ParsedArgs parsed;
        try {
            // As DMon: -r help prints the list where it is read, and dmon goes on to run the command.
            parsed = new JobSpecParser().parse(env.get("DMON_OPTIONS"), List.of(args), ConfigFileReader.fileSystem(),
                    () -> {
                        System.out.print(DmonUsage.limitsHelp());
                        System.out.flush();
                    });
        } catch (SpecException e) {
            throw new UsageException(e.getMessage());
        }
        switch (parsed.action()) {
            case HELP -> {
                System.out.print(DmonUsage.usage());
                return 0;
            }
            default -> {
                return supervise(parsed.spec(), env, daemonChild, posix.get());
            }
        }
    }

    private static int supervise(JobSpec spec, Map<String, String> baseEnv, boolean daemonChild, Posix posix)
            throws UsageException, InterruptedException {
        JobAssembly assembly = new JobAssembly(posix, new LoadSources(System::nanoTime), SupervisorClock.SYSTEM);
        Map<String, String> env = JobAssembly.environment(baseEnv, spec);
        var noPressure = JobAssembly.pressureProblem(spec, env);
        if (noPressure.isPresent()) {
            throw new UsageException(noPressure.get(), UsageException.NOT_ON_THIS_HOST);
        }
        Setup setup = setUp(assembly, spec, env);
        if (!spec.noDaemon() && !daemonChild) {
            return daemonize(setup, posix);
        }
        if (setup.pidFile() != null) {
            try {
                writePidFile(setup.pidFile(), spec.pidFile().get(), posix.getpid() + "\n");
            } catch (JobSetupException e) {
                throw new UsageException(e.getMessage());
            }
        }

        // On a terminal in the foreground, the command shares our process group like DMon's, so
        // Ctrl-C, Ctrl-Z and fg reach both; elsewhere it leads its own group.
        boolean jobControl = spec.noDaemon() && spec.logCommand().isEmpty() && posix.isatty(0);
        JobEvent.Listener listener = setup.statusFile() == null ? e -> { } : new StatusFileWriter(setup.statusFile());
        JobCgroups.Placement placement = place(spec, posix);
        try {
            Supervisor supervisor = assembly.supervisor(spec, SupervisorSettings.of(spec), env, setup.workDir(),
                    setup.cmdUser(), setup.logUser(), setup.inProcess(), jobControl, assembly.loadSource(env),
                    JobAssembly.withOwnPressure(assembly.pressureSource(env), spec, placement.cgroup()), null,
                    placement.cgroup(), listener);
            ToolSignals.route(posix, HANDLED_SIGNALS, supervisor::signalReceived, "dmon");
            supervised = true;
            return supervisor.run();
        } catch (IOException e) {
            throw new UsageException(e.getMessage());
        } finally {
            closeQuietly(setup.statusFile());
        }
    }

    /** What a job needs before dmon may daemonize, so that every error in it reaches the terminal. */
    private record Setup(Path workDir, Credentials cmdUser, Credentials logUser, OutputStream statusFile,
            Path pidFile, LineSink inProcess) {
    }

    /** The work directory, the users, the status file, the pid file (left empty) and the in-process log tool. */
    private static Setup setUp(JobAssembly assembly, JobSpec spec, Map<String, String> env) throws UsageException {
        try {
            Path workDir = JobAssembly.workDir(Path.of("").toAbsolutePath(), spec);
            Credentials cmdUser = assembly.credentials(spec.cmdUser(), "-u");
            Credentials logUser = assembly.credentials(spec.logUser(), "-U");
            OutputStream statusFile = JobAssembly.openStatusFile(workDir, spec);
            Path pidFile = spec.pidFile().map(workDir::resolve).orElse(null);
            if (pidFile != null) {
                writePidFile(pidFile, spec.pidFile().get(), null);
            }
            return new Setup(workDir, cmdUser, logUser, statusFile, pidFile, assembly.inProcessSink(spec, workDir, env));
        } catch (JobSetupException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** Starts the daemon that supervises and returns 0 once it runs (and wrote its pid file, if any). */
    private static int daemonize(Setup setup, Posix posix) throws UsageException, InterruptedException {
        closeQuietly(setup.statusFile());
        closeQuietly(setup.inProcess());
        try {
            int pid = Daemonizer.startDaemon(posix);
            if (setup.pidFile() != null) {
                Daemonizer.awaitPidFile(setup.pidFile(), pid, 5_000);
            }
        } catch (IOException e) {
            throw new UsageException(e.getMessage());
        }
        return 0;
    }

    /**
     * The job's cgroup, or its process group where none can be made, with -r's cgroup limits;
     * what the job could not have is said once on stderr, and a -P self that cannot be read is
     * refused. Called after daemonizing, so the cgroups are named after the dmon that supervises.
     */
    private static JobCgroups.Placement place(JobSpec spec, Posix posix) throws UsageException {
        JobCgroups cgroups = JobCgroups.detect(posix, CgroupMode.parse(spec.cgroups()), "dmon-" + posix.getpid());
        // What dmons killed with SIGKILL left: nobody else would ever remove it.
        CgroupLeftovers.pruneDeadDmons(cgroups, posix.getpid());
        JobCgroups.Placement placed = cgroups.place("job");
        JobCgroups.Placement placement = JobAssembly.withCgroupLimits(spec, placed);
        if (!placement.isolation().equals(placed.isolation())) {
            // Never silently ignored: the limits the job's cgroup could not take, once.
            String all = placement.isolation().fallback();
            String before = placed.isolation().fallback();
            System.err.println("dmon: -r " + (before.isEmpty() ? all : all.substring(before.length() + 2)));
        }
        if (placement.isolation().kind() == Isolation.Kind.PROCESS_GROUP && !spec.cgroups().equals("off")
                && !spec.cgroups().equals("auto")) {
            // Asked for by name: say once why the job has none (auto falls back quietly, as DMon ran).
            System.err.println("dmon: no cgroup for the job, its process group holds it: "
                    + placement.isolation().fallback());
        }
        var noOwnPressure = JobAssembly.selfPressureProblem(spec, placement);
        if (noOwnPressure.isPresent()) {
            if (placement.cgroup() != null) {
                closeQuietly(() -> placement.cgroup().end(1000));
            }
            throw new UsageException(noOwnPressure.get(), UsageException.NOT_ON_THIS_HOST);
        }
        return placement;
    }

    private static void writePidFile(Path file, String asGiven, String content) throws JobSetupException {
        try {
            if (content == null) {
                // Checked before daemonizing, written after, like DMon's open-then-fork.
                if (Files.isDirectory(file)) {
                    throw new IOException("Is a directory");
                }
                try (var out = new FileOutputStream(file.toFile(), true)) {
                    out.getFD();
                }
            } else {
                Files.writeString(file, content, StandardCharsets.US_ASCII);
            }
        } catch (IOException e) {
            throw new JobSetupException("cannot open '" + asGiven + "' for writing: " + JobAssembly.reason(e));
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception e) {
                // nothing was written through it yet
            }
        }
    }

    /** Bad input (one line, exit status 1), or a host that cannot do what the input asks (status 2). */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;
        /** The options are fine, this host cannot honour them: -P without pressure stall information. */
        static final int NOT_ON_THIS_HOST = 2;

        final int status;

        UsageException(String message) {
            this(message, 1);
        }

        UsageException(String message, int status) {
            super(message, null, false, false);
            this.status = status;
        }
    }
}
