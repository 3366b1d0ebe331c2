package io.dmon.agent.monitor;

import io.dmon.agent.process.ExitStatus;
import io.dmon.agent.process.Signals;
import io.dmon.agent.process.StartedProcess;
import java.util.concurrent.CountDownLatch;

/**
 * One run of a job started by its monitor, as the agent's supervisor holds it: its leader's pid
 * and start time as the monitor reported them, its end as the monitor reports it (exit status
 * once reaped), or lost with the monitor. Signals go through the monitor while it answers; when
 * it is gone, straight to what is left of the run, each process checked by its start time.
 */
public final class MonitorRun implements StartedProcess {
    private final JobMonitor monitor;
    private final int run;
    private final int pid;
    private final long startTime;
    private final int execErrno;
    private final long startedMs;
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile ExitStatus status;
    private volatile boolean lost;

    MonitorRun(JobMonitor monitor, MonitorState.Run r) {
        this.monitor = monitor;
        this.run = r.run();
        this.pid = r.pid();
        this.startTime = r.startTime();
        this.execErrno = r.execErrno();
        this.startedMs = r.startedMs();
    }

    /** The run's number in its monitor (the job's run over its life on this host). */
    public int run() {
        return run;
    }

    @Override
    public int pid() {
        return pid;
    }

    @Override
    public long startTime() {
        return startTime;
    }

    /** Wall-clock millis of the start, as the monitor saw it (the uptime every agent reports). */
    @Override
    public long startedAtMs() {
        return startedMs;
    }

    /** A monitor's run leads its own process group. */
    @Override
    public boolean groupLeader() {
        return true;
    }

    @Override
    public int execErrno() {
        return execErrno;
    }

    @Override
    public ExitStatus waitFor() throws InterruptedException {
        done.await();
        return status;
    }

    /** True when the run ended unseen with its monitor (its status unknown; reported as a KILL). */
    @Override
    public boolean lost() {
        return lost;
    }

    /** True once its end is known (exit or loss). */
    public boolean ended() {
        return done.getCount() == 0;
    }

    /** Its leader was reaped with {@code raw} status; the first end told counts. */
    synchronized void exited(ExitStatus s) {
        if (done.getCount() > 0) {
            status = s;
            done.countDown();
        }
    }

    /** Its monitor is gone without saying how the run ended. */
    synchronized void lostWithMonitor() {
        if (done.getCount() > 0) {
            lost = true;
            status = ExitStatus.killed(Signals.KILL);
            done.countDown();
        }
    }

    @Override
    public boolean signal(int signal) {
        return !ended() && monitor.signal(this, signal, false);
    }

    @Override
    public boolean signalGroup(int signal) {
        return monitor.signal(this, signal, true);
    }

    @Override
    public String toString() {
        return "run " + run + " pid " + pid;
    }
}
