package io.dmon.agent.process;

/**
 * One started program. It is known by pid and start time; it is signalled only while it has not
 * been reaped, so a reused pid is never hit. Waiting happens on one thread (the run's waiter);
 * signalling may come from any thread.
 */
public final class ChildProcess implements StartedProcess {
    private final Posix posix;
    private final int pid;
    private final long startTime;
    private final boolean groupLeader;
    private final int execErrno;
    private boolean reaped;

    ChildProcess(Posix posix, int pid, long startTime, boolean groupLeader, int execErrno) {
        this.posix = posix;
        this.pid = pid;
        this.startTime = startTime;
        this.groupLeader = groupLeader;
        this.execErrno = execErrno;
    }

    @Override
    public int pid() {
        return pid;
    }

    @Override
    public long startTime() {
        return startTime;
    }

    @Override
    public boolean groupLeader() {
        return groupLeader;
    }

    @Override
    public int execErrno() {
        return execErrno;
    }

    /** Blocks until the child ends, reaps it and returns its raw status. Call from one thread only. */
    @Override
    public ExitStatus waitFor() throws PosixException {
        posix.awaitExit(pid);
        synchronized (this) {
            int raw = posix.waitpid(pid);
            reaped = true;
            return new ExitStatus(raw);
        }
    }

    /** Signals the child alone. Returns false when it is already gone. */
    @Override
    public synchronized boolean signal(int signal) {
        return !reaped && kill(pid, signal);
    }

    /**
     * Signals the child's whole process group when it leads one (so the helpers of an rsync or the
     * children of an sh -c stop too), else the child alone. After the leader is reaped the group
     * may live on; it is still signalled while any member remains.
     */
    @Override
    public synchronized boolean signalGroup(int signal) {
        if (!groupLeader) {
            return signal(signal);
        }
        return kill(-pid, signal);
    }

    /** False when the signal could not be sent (ESRCH: nothing is left to receive it). */
    private boolean kill(int target, int signal) {
        try {
            posix.kill(target, signal);
            return true;
        } catch (PosixException e) {
            return false;
        }
    }

    public synchronized boolean reaped() {
        return reaped;
    }

    @Override
    public String toString() {
        return "pid " + pid;
    }
}
