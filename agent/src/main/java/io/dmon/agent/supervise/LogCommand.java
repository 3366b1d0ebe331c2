package io.dmon.agent.supervise;

/**
 * The log command over the job's life: the process of the moment (null between two), whether a
 * start is due, and how its end goes once the job's output is closed.
 *
 * @param startedAt     monotonic nanos of the current process's start
 * @param startDue      a (re)start is scheduled
 * @param drainRestarts restarts after the output closed, only to take lines still in the pipe
 * @param lastExecErrno the errno last reported for a start that could not execute
 */
record LogCommand(Proc proc, long startedAt, boolean startDue, int drainRestarts, int lastExecErrno) {
    static final LogCommand NONE = new LogCommand(null, 0, false, 0, 0);

    boolean live() {
        return proc != null;
    }

    LogCommand started(Proc p, long now) {
        return new LogCommand(p, now, false, drainRestarts, p.execErrno());
    }

    LogCommand gone() {
        return new LogCommand(null, startedAt, startDue, drainRestarts, lastExecErrno);
    }

    LogCommand due(boolean due) {
        return new LogCommand(proc, startedAt, due, drainRestarts, lastExecErrno);
    }

    LogCommand drainRestarted() {
        return new LogCommand(proc, startedAt, startDue, drainRestarts + 1, lastExecErrno);
    }
}
