package io.dmon.agent.supervise;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything a supervisor knows about its job, immutable: the state it reports, how far its end
 * has come, the holds, the counters, the command's current run and the log command.
 *
 * @param phase         how far the job's end has come (see {@link Phase})
 * @param holds         the pause reasons in force, sorted
 * @param run           the current or last run number, 0 before the first
 * @param lastStatus    raw wait status of the last run, -1 before any ended
 * @param statusBeforeStop raw wait status of the last run that ended before a stop was asked for, -1 while none has
 * @param lastExecErrno the errno last reported for a command that could not execute
 * @param loadClosed    the load gate's hysteresis: closed since the load went over the high mark
 * @param cmd           the command's run while it has a process, else null
 */
public record SupervisorState(JobState state, Phase phase, Set<String> holds, int run, int respawns, int lastStatus,
                              int statusBeforeStop,
                              int lastExecErrno, boolean loadClosed, CommandRun cmd, LogCommand log) {

    /**
     * How far a job's end has come. ACTIVE: supervising. STOPPING: asked to stop, the command
     * was TERM'd and its exit is awaited. DRAINING: the command is gone for good (the state is
     * terminal) and its output is being read to the end. CLOSED: the output is closed; the log
     * command is left to finish what is in its pipe.
     */
    public enum Phase { ACTIVE, STOPPING, DRAINING, CLOSED }

    /** A job before {@link Supervisor#run()}: nothing started, nothing held. */
    public static final SupervisorState INITIAL = new SupervisorState(JobState.STARTING, Phase.ACTIVE, Set.of(), 0, 0,
            -1, -1, 0, false, null, LogCommand.NONE);

    /** True once nothing is left to do: the job ended, its output closed, no process remains or is due. */
    public boolean finished() {
        return phase == Phase.CLOSED && cmd == null && !log.live() && !log.startDue();
    }

    /** What the job looks like to the rest of the agent. */
    public JobSnapshot snapshot() {
        return new JobSnapshot(state, cmd == null ? 0 : cmd.proc().pid(), run, respawns,
                cmd == null ? 0 : cmd.startedAtMs(), cmd == null ? 0 : cmd.proc().startTime(), lastStatus, holds);
    }

    SupervisorState withState(JobState s) {
        return new SupervisorState(s, phase, holds, run, respawns, lastStatus, statusBeforeStop, lastExecErrno, loadClosed, cmd, log);
    }

    SupervisorState withPhase(Phase p) {
        return new SupervisorState(state, p, holds, run, respawns, lastStatus, statusBeforeStop, lastExecErrno, loadClosed, cmd, log);
    }

    SupervisorState withHolds(Set<String> h) {
        Set<String> sorted = Collections.unmodifiableSortedSet(new TreeSet<>(h));
        return new SupervisorState(state, phase, sorted, run, respawns, lastStatus, statusBeforeStop, lastExecErrno, loadClosed, cmd, log);
    }

    SupervisorState withRun(int r) {
        return new SupervisorState(state, phase, holds, r, respawns, lastStatus, statusBeforeStop, lastExecErrno, loadClosed, cmd, log);
    }

    SupervisorState withRespawns(int r) {
        return new SupervisorState(state, phase, holds, run, r, lastStatus, statusBeforeStop, lastExecErrno, loadClosed, cmd, log);
    }

    SupervisorState withLastStatus(int raw) {
        return new SupervisorState(state, phase, holds, run, respawns, raw, statusBeforeStop, lastExecErrno, loadClosed, cmd, log);
    }

    SupervisorState withStatusBeforeStop(int raw) {
        return new SupervisorState(state, phase, holds, run, respawns, lastStatus, raw, lastExecErrno, loadClosed, cmd, log);
    }

    SupervisorState withLastExecErrno(int errno) {
        return new SupervisorState(state, phase, holds, run, respawns, lastStatus, statusBeforeStop, errno, loadClosed, cmd, log);
    }

    SupervisorState withLoadClosed(boolean closed) {
        return new SupervisorState(state, phase, holds, run, respawns, lastStatus, statusBeforeStop, lastExecErrno, closed, cmd, log);
    }

    SupervisorState withCmd(CommandRun c) {
        return new SupervisorState(state, phase, holds, run, respawns, lastStatus, statusBeforeStop, lastExecErrno, loadClosed, c, log);
    }

    SupervisorState withLog(LogCommand l) {
        return new SupervisorState(state, phase, holds, run, respawns, lastStatus, statusBeforeStop, lastExecErrno, loadClosed, cmd, l);
    }
}
