package io.dmon.agent.node;

import io.dmon.agent.host.RunAsPolicy;
import io.dmon.agent.link.LinkChannelFactory;
import io.dmon.agent.link.LinkConfig;
import io.dmon.agent.process.ProcSelf;
import io.dmon.agent.process.cgroup.CgroupMode;
import io.dmon.wire.HostPort;
import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Everything an agent is started with. Build one with {@link #builder()}; every field has a
 * default.
 *
 * @param name          the host's name (default: the kernel's host name)
 * @param coordinators  tried in this host's own order of them, the same on every start (default: {@code DMON_COORDINATOR} from {@code env}, else 127.0.0.1:7700)
 * @param labels        the host's labels, for placement
 * @param stateDir      default {@code /var/lib/dmon-agent}
 * @param spoolMaxBytes the bound of each job's log spool (default 64 MiB)
 * @param credentials   for the coordinator channels (default insecure)
 * @param channels      how channels are opened (default {@link LinkChannelFactory#standard()})
 * @param env           the base of every job's environment and where the load and pressure are
 *                      read ({@code DMON_LOADAVG_FILE}, {@code DMON_PRESSURE_DIR}); default this
 *                      process's environment
 * @param stopGrace     how long a TERM'd job (or an orphan) may take before KILL (default 10 s)
 * @param diagnostics   where the agent's one-line messages go (default stderr, {@code dmon-agent: } first)
 * @param runAs         whom jobs may run as (required: {@link RunAsPolicy#strict} is no root, any other user)
 * @param logRetain     how much acknowledged output each job's spool keeps for readers (default 256 MiB, 7 days)
 * @param preferredRetry while with a coordinator that is not its first choice, how often (about) the agent
 *                      dials those it prefers (default {@link LinkConfig#DEFAULT_PREFERRED_RETRY})
 * @param cgroups       what holds each job's processes (default {@link CgroupMode#AUTO})
 */
public record AgentConfig(String name, List<HostPort> coordinators, Map<String, String> labels, Path stateDir,
                          long spoolMaxBytes, ChannelCredentials credentials, LinkChannelFactory channels,
                          Map<String, String> env, Duration stopGrace, Consumer<String> diagnostics,
                          RunAsPolicy runAs, io.dmon.agent.spool.Retention logRetain,
                          Duration preferredRetry, CgroupMode cgroups) {
    public static final String COORDINATOR_ENV = "DMON_COORDINATOR";
    public static final String DEFAULT_COORDINATOR = "127.0.0.1:7700";
    public static final Path DEFAULT_STATE_DIR = Path.of("/var/lib/dmon-agent");
    public static final long DEFAULT_SPOOL_MAX_BYTES = 64L << 20;
    public static final io.dmon.agent.spool.Retention DEFAULT_LOG_RETAIN =
            new io.dmon.agent.spool.Retention(256L << 20, Duration.ofDays(7).toMillis());

    public AgentConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(runAs, "runAs");
        coordinators = List.copyOf(coordinators);
        labels = Map.copyOf(labels);
        env = Map.copyOf(env);
        if (coordinators.isEmpty()) {
            throw new IllegalArgumentException("no coordinator address");
        }
        for (HostPort c : coordinators) {
            if (c.port() == 0) {
                throw new IllegalArgumentException("coordinator " + c + ": port 0 cannot be dialled");
            }
        }
        if (spoolMaxBytes <= 0) {
            throw new IllegalArgumentException("spool limit must be positive");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects the fields; {@link #build()} fills in the defaults. */
    public static final class Builder {
        private String name;
        private List<HostPort> coordinators;
        private final Map<String, String> labels = new LinkedHashMap<>();
        private Path stateDir = DEFAULT_STATE_DIR;
        private long spoolMaxBytes = DEFAULT_SPOOL_MAX_BYTES;
        private io.dmon.agent.spool.Retention logRetain = DEFAULT_LOG_RETAIN;
        private ChannelCredentials credentials = InsecureChannelCredentials.create();
        private LinkChannelFactory channels = LinkChannelFactory.standard();
        private Map<String, String> env = System.getenv();
        private Duration stopGrace = Duration.ofSeconds(10);
        private Duration preferredRetry = LinkConfig.DEFAULT_PREFERRED_RETRY;
        private Consumer<String> diagnostics = line -> System.err.println("dmon-agent: " + line);
        private RunAsPolicy runAs;
        private CgroupMode cgroups = CgroupMode.AUTO;

        private Builder() {
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder coordinators(List<HostPort> coordinators) {
            this.coordinators = coordinators;
            return this;
        }

        public Builder labels(Map<String, String> labels) {
            this.labels.putAll(labels);
            return this;
        }

        public Builder stateDir(Path stateDir) {
            this.stateDir = stateDir;
            return this;
        }

        public Builder logRetain(io.dmon.agent.spool.Retention logRetain) {
            this.logRetain = Objects.requireNonNull(logRetain);
            return this;
        }

        public Builder spoolMaxBytes(long spoolMaxBytes) {
            this.spoolMaxBytes = spoolMaxBytes;
            return this;
        }

        public Builder credentials(ChannelCredentials credentials) {
            this.credentials = credentials;
            return this;
        }

        public Builder channels(LinkChannelFactory channels) {
            this.channels = channels;
            return this;
        }

        public Builder env(Map<String, String> env) {
            this.env = env;
            return this;
        }

        public Builder stopGrace(Duration stopGrace) {
            this.stopGrace = stopGrace;
            return this;
        }

        public Builder diagnostics(Consumer<String> diagnostics) {
            this.diagnostics = diagnostics;
            return this;
        }

        public Builder preferredRetry(Duration preferredRetry) {
            this.preferredRetry = preferredRetry;
            return this;
        }

        public Builder cgroups(CgroupMode cgroups) {
            this.cgroups = Objects.requireNonNull(cgroups);
            return this;
        }

        public Builder runAs(RunAsPolicy runAs) {
            this.runAs = runAs;
            return this;
        }

        /** @throws IllegalArgumentException for a bad {@code DMON_COORDINATOR} or limit, with a one-line message */
        public AgentConfig build() {
            List<HostPort> addresses = coordinators;
            if (addresses == null) {
                String fromEnv = env.get(COORDINATOR_ENV);
                addresses = HostPort.parseDialableList(fromEnv == null || fromEnv.isBlank() ? DEFAULT_COORDINATOR : fromEnv);
            }
            return new AgentConfig(name == null ? hostName(env) : name, addresses, labels, stateDir, spoolMaxBytes,
                    credentials, channels, env, stopGrace, diagnostics,
                    runAs, logRetain, preferredRetry, cgroups);
        }
    }

    /** The kernel's host name (no DNS lookup: that could hang with the network down). */
    static String hostName(Map<String, String> env) {
        String n = ProcSelf.hostName();
        if (n != null) {
            return n;
        }
        n = env.get("HOSTNAME");
        return n == null || n.isBlank() ? "localhost" : n;
    }
}
