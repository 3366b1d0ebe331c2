package io.dmon.agent.process.cgroup;

import io.dmon.agent.process.ExitStatus;
import io.dmon.agent.process.ProcStat;
import io.dmon.agent.process.Signals;
import io.dmon.agent.process.StartedProcess;
import java.io.IOException;

/**
 * A run whose job has a cgroup: what is sent to its whole group reaches its whole tree too.
 * SIGSTOP still goes to the group, as DMon's does (a job that counts on its SIGSTOP/SIGCONT
 * keeps them), and then the cgroup is frozen, so a setsid'd child or a double-forked daemon is
 * paused with the rest; SIGCONT thaws it and goes to the group. SIGKILL kills every process in
 * the cgroup. Other signals go to the process group as before (a TERM asks the job, as DMon's
 * does, and the job decides what its children hear).
 */
public final class CgroupedProcess implements StartedProcess {
    /** How long a pause waits for the kernel to say the tree is frozen before it says so. */
    private static final long FREEZE_DEADLINE_MILLIS = 1000;
    /**
     * How long the group may take to act on its SIGSTOP before the cgroup is frozen: a task frozen
     * with the signal still pending would stay unstopped (not 'T') until thawed.
     */
    private static final long STOP_DEADLINE_MILLIS = 500;

    private final StartedProcess process;
    private final JobCgroup cgroup;

    public CgroupedProcess(StartedProcess process, JobCgroup cgroup) {
        this.process = process;
        this.cgroup = cgroup;
    }

    public JobCgroup cgroup() {
        return cgroup;
    }

    @Override
    public int pid() {
        return process.pid();
    }

    @Override
    public long startTime() {
        return process.startTime();
    }

    @Override
    public boolean groupLeader() {
        return process.groupLeader();
    }

    @Override
    public int execErrno() {
        return process.execErrno();
    }

    @Override
    public long startedAtMs() {
        return process.startedAtMs();
    }

    @Override
    public ExitStatus waitFor() throws IOException, InterruptedException {
        return process.waitFor();
    }

    @Override
    public boolean lost() {
        return process.lost();
    }

    @Override
    public boolean signal(int signal) {
        return process.signal(signal);
    }

    @Override
    public boolean signalGroup(int signal) {
        try {
            if (signal == Signals.STOP) {
                process.signalGroup(Signals.STOP);
                awaitGroupStopped();
                cgroup.freeze();
                if (!cgroup.awaitFrozen(FREEZE_DEADLINE_MILLIS)) {
                    System.err.println("dmon: " + cgroup + " not frozen after " + FREEZE_DEADLINE_MILLIS + " ms");
                }
                return true;
            } else if (signal == Signals.CONT) {
                cgroup.thaw();
                process.signalGroup(Signals.CONT);
                return true;
            } else if (signal == Signals.KILL) {
                process.signalGroup(Signals.KILL);
                cgroup.kill();
                return true;
            }
        } catch (IOException e) {
            System.err.println("dmon: " + cgroup + ": " + e.getMessage() + "; signalling the process group instead");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
        return process.signalGroup(signal);
    }

    /**
     * Waits (bounded) until every member of the run's process group in the job's cgroup has
     * stopped, so that the freeze that follows finds them stopped: a process in uninterruptible
     * sleep may take longer, and is frozen as it is.
     */
    private void awaitGroupStopped() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + STOP_DEADLINE_MILLIS * 1_000_000L;
        int leader = process.pid();
        while (System.nanoTime() - deadline < 0) {
            boolean all = true;
            for (int pid : cgroup.pids()) {
                var stat = ProcStat.read(pid);
                boolean member = stat.isPresent()
                        && (process.groupLeader() ? stat.get().pgrp() == leader : pid == leader);
                if (member && !stat.get().stopped() && stat.get().state() != 'Z') {
                    all = false;
                    break;
                }
            }
            if (all) {
                return;
            }
            Thread.sleep(1);
        }
    }

    /** True while its cgroup is frozen (a pause the supervisor before this one left). */
    @Override
    public boolean frozen() {
        try {
            return cgroup.frozen() && !cgroup.pids().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return process + " in " + cgroup;
    }
}
