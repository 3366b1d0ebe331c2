package io.dmon.coordinator;

import io.dmon.coordinator.fleet.JobQuota;
import io.dmon.spec.SpecException;
import io.dmon.spec.TimeValue;
import io.dmon.trust.TlsDirChoice;
import io.dmon.wire.HostPort;
import io.grpc.InsecureServerCredentials;
import io.grpc.ServerCredentials;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine;

/**
 * {@code dmon-coordinator}: runs one coordinator until TERM or INT. Exit status 2 for a bad
 * option, 1 when the coordinator cannot start (a port in use); each with one line on stderr.
 */
@Command(name = "dmon-coordinator", mixinStandardHelpOptions = true, version = "dmon-coordinator 0.1.0",
        sortOptions = false, usageHelpAutoWidth = true,
        description = "Runs a dmon coordinator: the gRPC endpoint of agents and operators, and a member of the"
                + " coordinators' Hazelcast cluster (TCP-IP join with the given peers only, no multicast, no"
                + " phone-home, no client protocol; private addresses only unless --hazelcast-public). Runs until"
                + " TERM or INT.")
public final class CoordinatorCommand implements Callable<Integer> {
    static final String NAME = "dmon-coordinator";

    @Spec
    private CommandSpec spec;

    @Option(names = "--listen", paramLabel = "HOST:PORT", converter = HostPortConverter.class,
            defaultValue = "127.0.0.1:7700",
            description = "gRPC address for agents and operators (default: ${DEFAULT-VALUE})")
    private HostPort listen;

    @Option(names = "--hazelcast-host", paramLabel = "HOST",
            description = "address the Hazelcast member binds and announces (default: the --listen host)")
    private String hazelcastHost;

    @Option(names = "--hazelcast-port", paramLabel = "PORT", defaultValue = "5701",
            description = "Hazelcast member port, used as given (default: ${DEFAULT-VALUE})")
    private int hazelcastPort;

    @Option(names = "--peers", paramLabel = "HOST:PORT", split = ",", converter = HostPortConverter.class,
            description = "the other coordinators' Hazelcast members, comma-separated")
    private List<HostPort> peers = new ArrayList<>();

    @Option(names = "--backup-count", paramLabel = "N", defaultValue = "1",
            description = "synchronous backups of every map and ring, 0 to 6 (default: ${DEFAULT-VALUE})")
    private int backupCount;

    @Option(names = "--log-capacity", paramLabel = "N", defaultValue = "10000",
            description = "log lines kept per job (default: ${DEFAULT-VALUE})")
    private int logCapacity;

    @Option(names = "--log-capacity-bytes", paramLabel = "SIZE", defaultValue = "64m",
            description = "bytes of log lines kept per job, k/m/g suffixes: each line keeps at most its share"
                    + " (SIZE / --log-capacity, at least 256 bytes) in the ring, the rest stays on its host"
                    + " (default: ${DEFAULT-VALUE})")
    private String logCapacityBytes;

    @Option(names = "--max-jobs", paramLabel = "N", defaultValue = "" + JobQuota.DEFAULT_MAX_JOBS,
            description = "jobs the fleet may hold: a run that would go over is refused, and jobs agents report back"
                    + " are always kept (default: ${DEFAULT-VALUE})")
    private int maxJobs;

    @Option(names = "--max-host-jobs", paramLabel = "N", defaultValue = "" + JobQuota.DEFAULT_MAX_HOST_JOBS,
            description = "jobs one host may hold, refused at run as --max-jobs is (default: ${DEFAULT-VALUE})")
    private int maxHostJobs;

    @Option(names = "--gate-down-grace", paramLabel = "TIME", converter = GraceConverter.class, defaultValue = "30s",
            description = "how long a host a gate watches may be DOWN before it counts as below the gate's low mark,"
                    + " in dmon's time values (30s, 2m, 1h; a plain number is seconds) (default: ${DEFAULT-VALUE})")
    private Duration gateDownGrace;

    @Option(names = "--audit-log", paramLabel = "FILE",
            description = "append a JSON line per mutating call and per refused call to FILE (created, or made,"
                    + " mode 0600): time, principal, peer, method, target (job ids, selector, gate, hosts and the"
                    + " program of a run; never its arguments or -E values) and outcome (default: none kept)")
    private Path auditLog;
    // The Hazelcast cluster locked down: open-source members have no TLS or authentication.
    @Option(names = "--cluster-name", paramLabel = "NAME", defaultValue = CoordinatorConfig.DEFAULT_CLUSTER_NAME,
            description = "the Hazelcast cluster name: members join only a cluster of the same name; not a secret"
                    + " (default: ${DEFAULT-VALUE})")
    private String clusterName;

    @Option(names = "--hazelcast-public",
            description = "let the member bind a public or wildcard address and dial public peers; members have no"
                    + " TLS or authentication, so without it only private addresses (loopback, 10/8, 172.16/12,"
                    + " 192.168/16, 100.64/10, link-local, fc00::/7) are accepted")
    private boolean hazelcastPublic;

    @Option(names = "--tls-dir", paramLabel = "DIR", defaultValue = "${env:DMON_TLS_DIR}",
            description = "mutual TLS with DIR/ca.pem, DIR/cert.pem (a coordinator's certificate, see 'dmonctl tls')"
                    + " and DIR/key.pem, re-read when they change (default: $DMON_TLS_DIR). Without it the"
                    + " coordinator speaks plaintext, and only on a loopback address")
    private String tlsDir;

    @Option(names = "--insecure",
            description = "allow plaintext on an address that is not loopback: anyone who reaches the port may run"
                    + " anything on every host. Warns at every start")
    private boolean insecure;

    @Option(names = "--metrics", paramLabel = "HOST:PORT", converter = HostPortConverter.class,
            description = "serve Prometheus metrics at http://HOST:PORT/metrics: the fleet's jobs by state, restarts,"
                    + " holds and their cause, hosts up and their load, gates, lines received, sessions, RPC latency"
                    + " (default: no metrics)")
    private HostPort metrics;

    private final PrintWriter err;
    private final ServiceNotifier notifier;

    CoordinatorCommand(PrintWriter err, ServiceNotifier notifier) {
        this.err = err;
        this.notifier = notifier;
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true),
                ServiceNotifier.NONE));
    }

    /** Parses {@code args} and runs the coordinator, telling no service manager; the exit status. */
    static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, out, err, ServiceNotifier.NONE);
    }

    /**
     * Parses {@code args} and runs the coordinator, telling {@code notifier} when it serves and
     * when it stops; returns the exit status instead of exiting.
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err, ServiceNotifier notifier) {
        return commandLine(out, err, notifier).execute(args);
    }

    /**
     * The coordinator's command line as {@link #main} parses it, for what is generated from it
     * (the man page and shell completion), so that they say what {@code --help} says.
     */
    public static CommandLine model() {
        return commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true), ServiceNotifier.NONE);
    }

    private static CommandLine commandLine(PrintWriter out, PrintWriter err, ServiceNotifier notifier) {
        return new CommandLine(new CoordinatorCommand(err, notifier))
                .setOut(out)
                .setErr(err)
                .setParameterExceptionHandler((e, ignored) -> {
                    err.println(NAME + ": " + oneLine(e.getMessage()));
                    return 2;
                })
                .setExecutionExceptionHandler((e, ignored, parsed) -> {
                    err.println(NAME + ": " + oneLine(e.getMessage() == null ? e.toString() : e.getMessage()));
                    return 1;
                });
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        CoordinatorConfig config = config();
        CoordinatorNode node = CoordinatorNode.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            notifier.stopping();
            node.close();
            stopped.countDown();
        }, NAME + "-shutdown"));
        String transport = config.credentials() instanceof InsecureServerCredentials ? "plaintext" : "mutual TLS";
        err.println(NAME + ": listening on " + node.grpcAddress() + " (" + transport + "), member " + config.hazelcastHost() + ":"
                + config.hazelcastPort() + (config.peers().isEmpty() ? "" : ", peers " + config.peers()));
        node.metricsUrl().ifPresent(url -> err.println(NAME + ": metrics on " + url));
        err.flush();
        notifier.ready("serving on " + node.grpcAddress() + " (" + transport + ")");
        notifier.startWatchdog(node::serving);
        stopped.await();
        return 0;
    }

    private CoordinatorConfig config() {
        ServerCredentials credentials;
        try {
            credentials = ListenSecurity.credentials(listen, TlsDirChoice.of(tlsDir, Map.of()), insecure,
                    warning -> err.println(NAME + ": " + warning));
        } catch (ListenSecurity.Refused e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        try {
            return CoordinatorConfig.builder()
                    .listen(listen)
                    .credentials(credentials)
                    .hazelcastHost(hazelcastHost)
                    .hazelcastPort(hazelcastPort)
                    .peers(peers)
                    .backupCount(backupCount)
                    .logCapacity(logCapacity)
                    .logCapacityBytes(parseBytes("--log-capacity-bytes", logCapacityBytes))
                    .gateDownGrace(gateDownGrace)
                    .jobQuota(maxJobs, maxHostJobs)
                    .auditLog(auditLog)
                    .clusterName(clusterName)
                    .hazelcastPublic(hazelcastPublic)
                    .metrics(metrics)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private long parseBytes(String option, String text) {
        try {
            return io.dmon.spec.SizeValue.parseBytes(option, text);
        } catch (io.dmon.spec.SpecException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private static String oneLine(String message) {
        return message.lines().findFirst().orElse("").trim();
    }

    /** {@code HOST:PORT} for picocli, with the parse problem as its message. */
    static final class HostPortConverter implements ITypeConverter<HostPort> {
        @Override
        public HostPort convert(String value) {
            try {
                return HostPort.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** A dmon time value ({@code 30s}, {@code 2m}) for picocli, with the parse problem as its message. */
    static final class GraceConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return Duration.ofSeconds(TimeValue.parseSeconds("--gate-down-grace", value));
            } catch (SpecException e) {
                throw new TypeConversionException(e.getMessage().replaceFirst("^option --gate-down-grace: ", ""));
            }
        }
    }
}
