package io.dmon.agent.supervise;

import io.dmon.agent.load.LoadAvgFile;
import io.dmon.agent.load.LoadSource;
import io.dmon.agent.output.LineSink;
import io.dmon.agent.process.Credentials;
import io.dmon.agent.process.CredentialsException;
import io.dmon.agent.process.Posix;
import io.dmon.spec.EnvChange;
import io.dmon.spec.JobSpec;
import io.dmon.spec.ResourceLimit;
import io.dmon.spec.UserSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds the supervisor of one job on this host from its {@link JobSpec}. */
public final class LocalJob {
    private LocalJob() {
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

    /**
     * A supervisor for {@code spec}, ready to {@link Supervisor#run()}.
     *
     * @param env           the job's environment (already with -E applied)
     * @param workDir       the absolute directory the processes run in
     * @param inProcessSink the in-process log sink, or null
     * @param cmdUser       the command's credentials from {@link #credentials}, or null
     * @param logUser       the log command's credentials, or null
     * @param terminalJobControl keep the command in our process group (foreground on a terminal)
     * @param load          where -L reads the load (see {@link LoadAvgFile#fromEnvironment})
     * @param uplink        a second destination for every output line (the agent's spool), or null
     */
    public static Supervisor create(Posix posix, JobSpec spec, SupervisorSettings settings, Map<String, String> env,
                                    Path workDir, Credentials cmdUser, Credentials logUser, LineSink inProcessSink,
                                    boolean terminalJobControl, LoadSource load, LineSink uplink,
                                    JobEvent.Listener listener) throws IOException {
        List<String> childEnv = new ArrayList<>(env.size());
        env.forEach((k, v) -> childEnv.add(k + "=" + v));
        var plan = new LocalJobProcesses.Plan(spec.command(), spec.logCommand(), childEnv, workDir.toString(),
                cmdUser, logUser,
                limits(spec.limits()), terminalJobControl ? Posix.Group.INHERIT : Posix.Group.NEW_GROUP,
                spec.stderrRedir());
        var processes = new LocalJobProcesses(posix, plan, inProcessSink, uplink);
        return new Supervisor(settings, processes, load, listener, SupervisorClock.SYSTEM);
    }

    /** Resolves -u/-U against the system's user database. */
    public static Credentials credentials(Posix posix, Optional<UserSpec> user, String option)
            throws CredentialsException {
        if (user.isEmpty()) {
            return null;
        }
        try {
            return Credentials.resolve(posix, user.get().user(), user.get().groups());
        } catch (CredentialsException e) {
            throw new CredentialsException("option " + option + ": " + e.getMessage());
        }
    }

    private static long[] limits(List<ResourceLimit> limits) {
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
