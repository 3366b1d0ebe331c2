package io.dmon.agent.monitor;

import io.dmon.agent.process.Credentials;
import java.nio.file.Path;
import java.util.List;

/**
 * What one monitor runs and where it keeps its files: the job's command, environment
 * ({@code NAME=VALUE} words), working directory, credentials and resource limits ({kind, soft,
 * hard} triples, -1 unlimited, as a {@link io.dmon.agent.process.Launch} takes them), whether
 * stderr joins stdout ({@code -e}), the bounds of its output store, and the cgroups every run
 * joins before it runs anything (the job's holder first; none: its process group holds it).
 */
public record MonitorSpec(Path dir, List<String> argv, List<String> env, String cwd, Credentials credentials,
                          long[] limits, boolean joinStderr, long storeBytes, long segmentBytes, List<Path> cgroups) {
    public static final long DEFAULT_STORE_BYTES = 64L << 20;
    public static final long DEFAULT_SEGMENT_BYTES = 1L << 20;

    public MonitorSpec {
        if (!dir.isAbsolute()) {
            throw new IllegalArgumentException("monitor directory must be absolute: " + dir);
        }
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty argv");
        }
        for (String e : env) {
            if (e.indexOf('=') < 1) {
                throw new IllegalArgumentException("environment entry without NAME=: '" + e + "'");
            }
        }
        if (limits != null && limits.length % 3 != 0) {
            throw new IllegalArgumentException("limits come in {kind, soft, hard} triples");
        }
        if (segmentBytes < 4096 || storeBytes < 2 * segmentBytes) {
            throw new IllegalArgumentException("store of " + storeBytes + " bytes in segments of " + segmentBytes
                    + ": segments of at least 4096 bytes, the store at least two of them");
        }
        argv = List.copyOf(argv);
        env = List.copyOf(env);
        limits = limits == null ? null : limits.clone();
        cgroups = List.copyOf(cgroups);
    }

    public MonitorSpec(Path dir, List<String> argv, List<String> env, String cwd, Credentials credentials,
                       long[] limits, boolean joinStderr, long storeBytes, long segmentBytes) {
        this(dir, argv, env, cwd, credentials, limits, joinStderr, storeBytes, segmentBytes, List.of());
    }

    /** The same job, its runs joining {@code dirs} (the holder first). */
    public MonitorSpec inCgroups(List<Path> dirs) {
        return new MonitorSpec(dir, argv, env, cwd, credentials, limits, joinStderr, storeBytes, segmentBytes, dirs);
    }

    /** A job run as the agent's user, in the agent's directory, with the default store. */
    public static MonitorSpec of(Path dir, List<String> argv, List<String> env) {
        return new MonitorSpec(dir, argv, env, null, null, null, false, DEFAULT_STORE_BYTES, DEFAULT_SEGMENT_BYTES);
    }

    /** The same job with its monitor in {@code dir}. */
    public MonitorSpec in(Path dir) {
        return new MonitorSpec(dir, argv, env, cwd, credentials, limits, joinStderr, storeBytes, segmentBytes, cgroups);
    }

    public MonitorSpec withCwd(String dir) {
        return new MonitorSpec(this.dir, argv, env, dir, credentials, limits, joinStderr, storeBytes, segmentBytes);
    }

    public MonitorSpec withCredentials(Credentials c) {
        return new MonitorSpec(dir, argv, env, cwd, c, limits, joinStderr, storeBytes, segmentBytes);
    }

    public MonitorSpec withLimits(long[] triples) {
        return new MonitorSpec(dir, argv, env, cwd, credentials, triples, joinStderr, storeBytes, segmentBytes);
    }

    public MonitorSpec withJoinedStderr(boolean join) {
        return new MonitorSpec(dir, argv, env, cwd, credentials, limits, join, storeBytes, segmentBytes);
    }

    public MonitorSpec withStore(long bytes, long segment) {
        return new MonitorSpec(dir, argv, env, cwd, credentials, limits, joinStderr, bytes, segment);
    }

    @Override
    public long[] limits() {
        return limits == null ? null : limits.clone();
    }

    /** The value of a variable of the job's environment, or null. */
    String envValue(String name) {
        String prefix = name + "=";
        return env.stream().filter(e -> e.startsWith(prefix)).map(e -> e.substring(prefix.length())).findFirst()
                .orElse(null);
    }
}
