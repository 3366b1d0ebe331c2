package io.dmon.agent.supervise;

import io.dmon.agent.output.LinePump;
import io.dmon.agent.output.LineSink;
import io.dmon.agent.output.RunSink;
import io.dmon.agent.output.SharedSink;
import io.dmon.agent.output.TeeSink;
import io.dmon.agent.process.ChildProcess;
import io.dmon.agent.process.Credentials;
import io.dmon.agent.process.Launch;
import io.dmon.agent.process.Posix;
import io.dmon.agent.process.Spawner;
import io.dmon.agent.process.StartedProcess;
import io.dmon.agent.process.cgroup.CgroupedProcess;
import io.dmon.agent.process.cgroup.JobCgroup;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The processes of one job on this host and the plumbing between them. The command's output goes
 * one of three ways:
 * <ul>
 * <li>nowhere special: without a log command it inherits dmon's stdout and stderr (a terminal
 *     with {@code -n}, /dev/null in daemon mode), as DMon's does; with {@code -e} its stderr
 *     goes where its stdout goes, as DMon's dup2(1, 2) makes it;</li>
 * <li>with a {@link RunSink} uplink (the agent's spool) and without {@code -e}, its stderr also
 *     goes through a pump of its own, into the uplink only, each line marked as stderr;</li>
 * <li>through a line pump into an in-process sink (our own dlog, drlog, dslog);</li>
 * <li>through a line pump into one long-lived pipe read by the log command, a separate process
 *     restarted on its own when it dies.</li>
 * </ul>
 */
public final class LocalJobProcesses implements JobProcesses {
    private final Posix posix;
    private final Spawner spawner;
    private final Plan plan;
    private final SharedSink sink;
    private final LineSink destination;
    private final LineSink uplink;
    private final LogPipe logPipe;
    private final List<LinePump> pumps = new ArrayList<>();
    private final JobCgroup cgroup;
    /** How long the job's last processes may take to die after SIGKILL before the cgroup is given up. */
    private static final long END_WAIT_MILLIS = 5000;

    /**
     * @param plan          what to run and how
     * @param inProcessSink the sink when the log command runs inside this JVM, else null
     * @param uplink        a second destination for every line (the agent's spool), else null; with
     *                      one, the command's output is always captured, even without a log command.
     *                      A {@link RunSink} gets each run's lines through its own view.
     */
    public LocalJobProcesses(Posix posix, Plan plan, LineSink inProcessSink, LineSink uplink) throws IOException {
        this(posix, plan, inProcessSink, uplink, null);
    }

    /**
     * @param cgroup the job's cgroup: every run joins it before it runs anything, a pause freezes
     *               it, a kill kills all of it, and it is emptied and removed when the job ends; null
     *               when the process group holds the job
     */
    public LocalJobProcesses(Posix posix, Plan plan, LineSink inProcessSink, LineSink uplink, JobCgroup cgroup)
            throws IOException {
        this.posix = posix;
        this.cgroup = cgroup;
        this.spawner = new Spawner(posix);
        this.plan = plan;
        LineSink destination;
        if (inProcessSink != null) {
            destination = inProcessSink;
            this.logPipe = null;
        } else if (!plan.logCommand().isEmpty()) {
            this.logPipe = new LogPipe(posix, plan.logCommand(), plan.env(), plan.cwd(), plan.logCredentials());
            destination = logPipe.sink();
        } else {
            destination = null;
            this.logPipe = null;
        }
        this.destination = destination;
        this.uplink = uplink;
        LineSink all = uplink == null ? destination : destination == null ? uplink : new TeeSink(destination, uplink);
        this.sink = all == null ? null : new SharedSink(all);
    }

    /**
     * What to run: argv, environment, directory, credentials and limits of the command and of the
     * log command, and where output goes.
     *
     * @param group          the command's process group (its own, unless a terminal's job control needs ours)
     * @param stderrToOutput {@code -e}: stderr joins stdout, on its way to the log command or without one
     */
    public record Plan(List<String> command, List<String> logCommand, List<String> env, String cwd,
                       Credentials cmdCredentials, Credentials logCredentials, long[] cmdLimits,
                       Posix.Group group, boolean stderrToOutput) {
    }

    @Override
    public StartedProcess startCommand(int run) throws IOException {
        if (sink == null) {
            return held(spawner.spawn(inCgroup(new Launch(plan.command(), plan.env(), 0, 1,
                    plan.stderrToOutput() ? 1 : 2, plan.group(), plan.cwd(), plan.cmdCredentials(), plan.cmdLimits()))));
        }
        int[] out = posix.pipe();
        // Without -e, an agent's job has its stderr captured apart, into the spool only: the log
        // command still gets stdout alone, as DMon's does, and the fleet sees both streams.
        int[] err = captureStderr() ? posix.pipe() : null;
        try {
            LogPipe.grow(posix, out[1]);
            int stderrFd = plan.stderrToOutput() ? out[1] : err != null ? err[1] : 2;
            ChildProcess child = spawner.spawn(inCgroup(new Launch(plan.command(), plan.env(), 0, out[1],
                    stderrFd, plan.group(), plan.cwd(), plan.cmdCredentials(), plan.cmdLimits())));
            posix.close(out[1]);
            out[1] = -1;
            LinePump pump = new LinePump(posix.fileDescriptor(out[0]), pumpSink(run), "dmon-pump-" + run).start();
            LinePump errPump = null;
            if (err != null) {
                posix.close(err[1]);
                err[1] = -1;
                errPump = new LinePump(posix.fileDescriptor(err[0]), stderrSink(run), "dmon-pump-err-" + run).start();
            }
            synchronized (pumps) {
                pumps.removeIf(p -> {
                    try {
                        return p.awaitDrained(0);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                });
                pumps.add(pump);
                if (errPump != null) {
                    pumps.add(errPump);
                }
            }
            return held(child);
        } catch (IOException | RuntimeException e) {
            posix.close(out[0]);
            posix.close(out[1]);
            if (err != null) {
                posix.close(err[0]);
                posix.close(err[1]);
            }
            throw e;
        }
    }

    private Launch inCgroup(Launch launch) {
        return cgroup == null ? launch : launch.inCgroups(cgroup.procsFiles());
    }

    private StartedProcess held(ChildProcess child) {
        return cgroup == null ? child : new CgroupedProcess(child, cgroup);
    }

    private boolean captureStderr() {
        return !plan.stderrToOutput() && uplink instanceof RunSink;
    }

    /** The sink of one run's stderr pump: the uplink's stderr view of that run, never the log command. */
    private LineSink stderrSink(int run) {
        return sink.writer(((RunSink) uplink).forRunStderr(run));
    }

    /** The sink of one run's pump: the shared sink, or a view of it for that run when the uplink wants runs. */
    private LineSink pumpSink(int run) {
        if (!(uplink instanceof RunSink runs)) {
            return sink.writer();
        }
        LineSink runUplink = runs.forRun(run);
        return sink.writer(destination == null ? runUplink : new TeeSink(destination, runUplink));
    }

    @Override
    public LogPipe logPipe() {
        return logPipe;
    }

    @Override
    public void awaitOutputDrained(long maxMillis) throws InterruptedException {
        long deadline = System.nanoTime() + maxMillis * 1_000_000L;
        List<LinePump> current;
        synchronized (pumps) {
            current = new ArrayList<>(pumps);
        }
        for (LinePump p : current) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (!p.awaitDrained(Math.max(0, left))) {
                return;
            }
        }
    }

    @Override
    public void closeOutput() {
        if (sink == null) {
            return;
        }
        try {
            sink.close();
        } catch (IOException e) {
            System.err.println("dmon: closing the log: " + e.getMessage());
        }
    }

    @Override
    public void release() {
        if (cgroup != null) {
            // Nothing the job started outlives it: daemons it double-forked, children that called setsid.
            try {
                cgroup.end(END_WAIT_MILLIS);
            } catch (IOException e) {
                System.err.println("dmon: ending the job's cgroup: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (logPipe != null) {
            // Our copy of the read end kept lines safe while the log command restarted; now it may go.
            logPipe.release();
        }
    }
}
