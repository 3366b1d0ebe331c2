package io.dmon.agent.tools;

import io.dmon.agent.host.RunAsPolicy;
import io.dmon.agent.node.AgentConfig;
import io.dmon.agent.node.AgentNode;
import io.dmon.agent.process.Posix;
import io.dmon.agent.process.cgroup.CgroupMode;
import io.dmon.agent.load.LoadAvgFile;
import io.dmon.agent.metrics.AgentMetrics;
import io.dmon.agent.process.Signals;
import io.dmon.agent.process.SystemdNotify;
import io.dmon.metrics.MetricsServer;
import io.dmon.spec.SizeValue;
import io.dmon.spec.SpecException;
import io.dmon.trust.Principal;
import io.dmon.trust.Role;
import io.dmon.trust.TlsDir;
import io.dmon.trust.TlsDirChoice;
import io.dmon.trust.TlsMaterialException;
import io.dmon.trust.tls.MutualTls;
import io.dmon.trust.tls.TlsMaterial;
import io.dmon.wire.HostName;
import io.dmon.wire.HostPort;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code dmon-agent}: runs the jobs the coordinators assign to this host until TERM or INT, then
 * exits 0, leaving the jobs running under their monitors for the next agent (with
 * {@code --stop-jobs}: stopping them first). Bad options or an unusable state directory: one
 * line, {@code dmon-agent: what}, and exit status 2.
 */
@Command(name = "dmon-agent", mixinStandardHelpOptions = true, versionProvider = AgentCommand.Version.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = {"Runs the dmon jobs the coordinators assign to this host, reports their state and "
                + "streams their output; goes on supervising while no coordinator is reachable.",
                "Each job runs under a small monitor of its own that outlives the agent: TERM or INT end the"
                        + " agent and leave the jobs running, and the next agent on the same state directory takes"
                        + " them over (same processes, no line lost); with --stop-jobs they stop every job"
                        + " gracefully first."})
public final class AgentCommand implements Callable<Integer> {
    static final int BAD_USAGE = 2;

    @Option(names = "--name", paramLabel = "NAME",
            description = "this host's name (default: the name its --tls-dir certificate names, else the host name)")
    String name;

    @Option(names = "--coordinator", paramLabel = "HOST:PORT[,HOST:PORT...]",
            description = "the coordinators; each host prefers one of them by its name (a fleet spreads over them),"
                    + " fails over to the others and returns when its preferred one answers again (default: $" + AgentConfig.COORDINATOR_ENV + ", else "
                    + AgentConfig.DEFAULT_COORDINATOR + ")")
    String coordinators;

    @Option(names = "--labels", paramLabel = "KEY=VALUE[,KEY=VALUE...]", description = "labels for placement")
    List<String> labels = List.of();

    @Option(names = "--state-dir", paramLabel = "DIR", description = "where jobs, records and log spools live "
            + "(default: /var/lib/dmon-agent)")
    Path stateDir = AgentConfig.DEFAULT_STATE_DIR;

    @Option(names = "--spool-max-bytes", paramLabel = "SIZE",
            description = "log spool bound per job, k/m/g suffixes (default: 64m)")
    String spoolMaxBytes = "64m";

    // Whom jobs may run as: the agent's own decision, whatever a coordinator asks.
    @Option(names = "--allow-root", description = "run jobs as root: a job without -u/-U on a root agent, "
            + "or one naming uid 0 or group 0; refused (state REFUSED, with the reason) otherwise")
    boolean allowRoot;

    @Option(names = "--allow-users", paramLabel = "USER[,USER...]", split = ",",
            description = "the only users -u/-U may name (names, resolved at start, or uids); default: any "
                    + "user but root")
    List<String> allowUsers = List.of();

    @Option(names = "--log-retain", paramLabel = "SIZE,AGE",
            description = "output kept per job on this host once the coordinators stored it, for readers reaching"
                    + " back past their ring: at most SIZE (k/m/g) and AGE (s/m/h/d/w) (default: 256m,7d)")
    String logRetain = "256m,7d";

    @Option(names = "--metrics", paramLabel = "HOST:PORT",
            description = "serve Prometheus metrics at http://HOST:PORT/metrics: this host's jobs by state, restarts, "
                    + "holds and their cause, load, the coordinator session, spool bytes (default: no metrics)")
    String metrics;

    @Option(names = "--stop-jobs", description = "on TERM or INT, stop every job gracefully (TERM, grace, KILL) and"
            + " end its monitor before exiting; without it the jobs run on for the next agent")
    boolean stopJobs;

    @Option(names = "--cgroups", paramLabel = "MODE",
            description = "what holds each job's processes: auto (a cgroup of its own, v2, else the v1 freezer, else"
                    + " its process group), v2, v1 (that cgroup or the process group, the reason shown by ps), off"
                    + " (the process group) (default: auto)")
    String cgroups = "auto";

    @Option(names = "--tls-dir", paramLabel = "DIR",
            description = "mutual TLS to the coordinators with DIR/ca.pem, DIR/cert.pem (this host's agent "
                    + "certificate, see 'dmonctl tls') and DIR/key.pem, re-read when they change; the name defaults "
                    + "to the certificate's (default: $" + TlsDirChoice.ENV + "; without either: plaintext, for a "
                    + "coordinator on loopback)")
    String tlsDir;

    private final Map<String, String> env;
    private final PrintStream err;
    private final Posix posix;

    AgentCommand(Map<String, String> env, PrintStream err, Posix posix) {
        this.env = env;
        this.err = err;
        this.posix = posix;
    }

    public static void main(String[] args) {
        Posix posix = Posix.load();
        int status = run(args, System.getenv(), System.err, posix);
        // The JVM's own exit waits for threads blocked in native calls; everything is closed by now.
        posix.exitNow(status);
    }

    /** Parses and runs; the exit status. */
    static int run(String[] args, Map<String, String> env, PrintStream err, Posix posix) {
        return commandLine(env, err, posix).execute(args);
    }

    /**
     * The agent's command line as {@link #main} parses it, for what is generated from it (the man
     * page and shell completion), so that they say what {@code --help} says.
     */
    public static CommandLine model() {
        return commandLine(Map.of(), System.err, null);
    }

    private static CommandLine commandLine(Map<String, String> env, PrintStream err, Posix posix) {
        CommandLine cl = new CommandLine(new AgentCommand(env, err, posix));
        cl.setParameterExceptionHandler((e, a) -> fail(err, e.getMessage()));
        cl.setExecutionExceptionHandler((e, c, r) -> fail(err, e instanceof UsageException || e instanceof IOException
                || e instanceof IllegalArgumentException ? e.getMessage() : e.toString()));
        return cl;
    }

    /** Everything checked before anything starts. */
    AgentConfig config() throws UsageException {
        AgentConfig.Builder b = AgentConfig.builder().env(jobEnvironment(env)).stateDir(stateDir).labels(labels());
        try {
            b.runAs(RunAsPolicy.fromOptions(posix, allowRoot, allowUsers));
        } catch (IllegalArgumentException e) {
            throw new UsageException("option --allow-users: " + e.getMessage());
        }
        try {
            b.cgroups(CgroupMode.parse(cgroups));
        } catch (IllegalArgumentException e) {
            throw new UsageException("option " + e.getMessage());
        }
        if (name != null) {
            if (name.isBlank()) {
                throw new UsageException("option --name: empty name");
            }
            b.name(name);
        }
        Optional<TlsDirChoice> tls = TlsDirChoice.of(tlsDir, env);
        if (tls.isPresent()) {
            TlsMaterial material = tlsMaterial(tls.get());
            b.credentials(MutualTls.channelCredentials(material));
            if (name == null) {
                b.name(material.current().principal().name());
            }
        }
        try {
            if (coordinators != null) {
                b.coordinators(HostPort.parseDialableList(coordinators));
            }
            long max = SizeValue.parseBytes("--spool-max-bytes", spoolMaxBytes);
            if (max < 64 * 1024) {
                throw new UsageException("option --spool-max-bytes: " + spoolMaxBytes + " is below the minimum of 64k");
            }
            String[] retain = logRetain.split(",", -1);
            if (retain.length != 2) {
                throw new UsageException("option --log-retain: give SIZE,AGE (as 256m,7d)");
            }
            b.logRetain(new io.dmon.agent.spool.Retention(SizeValue.parseBytes("--log-retain", retain[0]),
                    1000L * io.dmon.spec.TimeValue.parseSeconds("--log-retain", retain[1])));
            AgentConfig config = b.spoolMaxBytes(max).build();
            // The default (this machine's host name) too: the coordinators would refuse it on every retry.
            Optional<String> problem = HostName.problem(config.name());
            if (problem.isPresent()) {
                throw new UsageException((name != null ? "option --name: " : "--name (default, this host's name): ")
                        + problem.get());
            }
            return config;
        } catch (SpecException e) {
            throw new UsageException(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new UsageException((coordinators != null ? "option --coordinator: " : "$" + AgentConfig.COORDINATOR_ENV
                    + ": ") + e.getMessage());
        }
    }

    /** The environment jobs start from: the agent's, less what the service manager meant for the agent alone. */
    static Map<String, String> jobEnvironment(Map<String, String> env) {
        Map<String, String> copy = new LinkedHashMap<>(env);
        copy.keySet().removeAll(SystemdNotify.VARIABLES);
        return copy;
    }

    /** The metrics address, checked before anything starts; empty without {@code --metrics}. */
    Optional<HostPort> metricsAddress() throws UsageException {
        if (metrics == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(HostPort.parse(metrics));
        } catch (IllegalArgumentException e) {
            throw new UsageException("option --metrics: " + e.getMessage());
        }
    }

    /** The agent's TLS material: usable, an agent's, and for this host's name when one was given. */
    private TlsMaterial tlsMaterial(TlsDirChoice choice) throws UsageException {
        TlsMaterial material;
        try {
            material = TlsMaterial.follow(choice.dir());
        } catch (TlsMaterialException e) {
            throw new UsageException(choice.describe() + e.getMessage());
        }
        Principal principal = material.current().principal();
        if (principal.role() != Role.AGENT) {
            throw new UsageException(choice.describe() + choice.dir().resolve(TlsDir.CERT) + " names " + principal
                    + ", not an agent");
        }
        if (name != null && !name.equals(principal.name())) {
            throw new UsageException("option --name: " + name + ", but the certificate in " + choice.dir()
                    + " is for agent/" + principal.name() + " (coordinators accept an agent only under its certificate's name)");
        }
        return material;
    }

    private Map<String, String> labels() throws UsageException {
        Map<String, String> map = new LinkedHashMap<>();
        for (String option : labels) {
            for (String label : option.split(",", -1)) {
                int eq = label.indexOf('=');
                if (eq <= 0) {
                    throw new UsageException("option --labels: bad label '" + label + "' (want KEY=VALUE)");
                }
                map.put(label.substring(0, eq).strip(), label.substring(eq + 1).strip());
            }
        }
        return map;
    }

    @Override
    public Integer call() throws UsageException, IOException, InterruptedException {
        AgentConfig config = config();
        Optional<HostPort> metricsAddress = metricsAddress();
        CountDownLatch stop = new CountDownLatch(1);
        // Before any job starts: a TERM from now on ends the agent in order. HUP is taken and
        // ignored: a closed terminal must not take the fleet's jobs down.
        ToolSignals.route(posix, new int[] {Signals.TERM, Signals.INT, Signals.HUP}, sig -> {
            if (sig != Signals.HUP) {
                stop.countDown();
            }
        }, "dmon-agent");
        AgentNode node = AgentNode.start(config, posix);
        Optional<SystemdNotify> notify = Optional.empty();
        Optional<MetricsServer> metricsServer = Optional.empty();
        boolean stopped = false;
        try {
            if (metricsAddress.isPresent()) {
                metricsServer = Optional.of(MetricsServer.start(metricsAddress.get(), new AgentMetrics(config.name(),
                        node.host(), node.spools(), node::registered, LoadAvgFile.fromEnvironment(env)).registry()));
                err.println("dmon-agent: metrics on " + metricsServer.get().url());
            }
            err.println("dmon-agent: " + config.name() + " started, state in " + config.stateDir() + ", coordinators "
                    + config.coordinators() + (config.runAs().allowsRoot() ? ", jobs may run as root (--allow-root)" : ""));
            notify = SystemdNotify.fromEnvironment(posix, env, posix.getpid(), m -> err.println("dmon-agent: " + m));
            notify.ifPresent(n -> {
                n.ready("supervising " + node.host().jobs().size() + " jobs as " + config.name());
                // The host answering is the sign of life: a deadlock inside stops the pings.
                n.startWatchdog(() -> node.host().reports() != null);
            });
            stop.await();
            notify.ifPresent(SystemdNotify::stopping);
            if (stopJobs) {
                err.println("dmon-agent: stopping every job");
                node.close();
                stopped = true;
            } else {
                err.println("dmon-agent: leaving the jobs running under their monitors");
            }
        } finally {
            metricsServer.ifPresent(MetricsServer::close);
            if (!stopped) {
                node.detach();
            }
            notify.ifPresent(SystemdNotify::close);
        }
        return 0;
    }

    private static int fail(PrintStream err, String message) {
        String text = message == null ? "failed" : message.replaceAll("\\s*\\R\\s*", "; ");
        err.println("dmon-agent: " + text);
        return BAD_USAGE;
    }

    /** Bad input: one line, exit status 2. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message, null, false, false);
        }
    }

    /** {@code --version}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"dmon-agent " + AgentNode.VERSION};
        }
    }
}
