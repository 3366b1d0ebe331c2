package io.dmon.agent.link;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How a dmon-agent runs: its host name and labels, the coordinators it dials, its state directory
 * (assignment, runtime records, spools), the spool bound per job, the channel credentials
 * (insecure until authentication arrives; nothing else changes then) and the environment its jobs
 * and load source read (DMON_LOADAVG_FILE).
 */
public record AgentConfig(String name, Map<String, String> labels, List<String> coordinators, Path stateDir,
                          long spoolMaxBytes, ChannelCredentials credentials, Map<String, String> env) {

    public static final long DEFAULT_SPOOL_MAX_BYTES = 64L << 20;

    public AgentConfig {
        labels = Map.copyOf(labels);
        coordinators = List.copyOf(coordinators);
        env = Map.copyOf(env);
    }

    /** The defaults, for a name, coordinators and state directory. */
    public static AgentConfig of(String name, List<String> coordinators, Path stateDir) {
        return new AgentConfig(name, Map.of(), coordinators, stateDir, DEFAULT_SPOOL_MAX_BYTES,
                InsecureChannelCredentials.create(), System.getenv());
    }

    public AgentConfig withLabels(Map<String, String> newLabels) {
        return new AgentConfig(name, newLabels, coordinators, stateDir, spoolMaxBytes, credentials, env);
    }

    public AgentConfig withEnv(Map<String, String> newEnv) {
        return new AgentConfig(name, labels, coordinators, stateDir, spoolMaxBytes, credentials, newEnv);
    }

    public AgentConfig withSpoolMaxBytes(long bytes) {
        return new AgentConfig(name, labels, coordinators, stateDir, bytes, credentials, env);
    }
}
