package io.dmon.agent.supervise;

import io.dmon.agent.load.PressureSample;
import io.dmon.agent.process.ExitStatus;
import java.util.Set;

/**
 * What a supervisor reacts to: requests from other threads, what happened to its processes, the
 * results of what it asked the driver to do, and its timers. Events are facts; the driver gathers
 * them (a load reading, whether lines wait in the log pipe) so the transition function need not.
 */
public sealed interface SupervisorEvent {

    /** The loop starts, with the holds asked for before it ran. */
    record Begin(Set<String> holds) implements SupervisorEvent { }

    /**
     * The loop starts with a run that is already going (a previous agent started it under a
     * monitor that outlived it): the run is taken over as the job's first, with the holds asked
     * for before the loop ran and the respawns the job had counted. Facts gathered by the driver:
     * how long ago the run started and whether its process is stopped now.
     *
     * @param ageNanos    time since the run started
     * @param startedAtMs wall-clock millis of its start (reported: the uptime goes on)
     * @param stopped     its process is SIGSTOP'd (paused by the previous agent)
     */
    record Adopt(Set<String> holds, Proc proc, long ageNanos, long startedAtMs, boolean stopped, int respawns)
            implements SupervisorEvent { }

    /** A timer armed by {@link SupervisorAction.Arm} is due. */
    record Fired(Timer timer) implements SupervisorEvent { }

    /** The command was started as asked; {@code nowMs} is the wall clock of the start. */
    record CmdStarted(Proc proc, long nowMs) implements SupervisorEvent { }

    /** No process could be created for the command at all (fork failed). */
    record CmdStartFailed(String reason) implements SupervisorEvent { }

    /** The command's process {@code serial} ended and was reaped. */
    record CmdExited(long serial, ExitStatus status) implements SupervisorEvent { }

    /**
     * The command's process {@code serial} was lost: whoever held it (its monitor) is gone, and
     * the process with it, its status unknown.
     */
    record CmdLost(long serial) implements SupervisorEvent { }

    /** The log command was started as asked. */
    record LogStarted(Proc proc) implements SupervisorEvent { }

    /** No process could be created for the log command. */
    record LogStartFailed(String reason) implements SupervisorEvent { }

    /** The log command's process ended; {@code inputPending}: lines still wait in its pipe. */
    record LogExited(long serial, ExitStatus status, boolean inputPending) implements SupervisorEvent { }

    /** A load reading; {@code readable} false when the source could not be read (the gate stays). */
    record LoadRead(double load1, boolean readable) implements SupervisorEvent { }

    /** A pressure reading; a metric missing from it could not be read (its gate stays). */
    record PressureRead(PressureSample sample) implements SupervisorEvent { }

    /** The command's output was read to the end (or the drain wait ran out). */
    record OutputDrained(boolean logInputPending) implements SupervisorEvent { }

    /** Stop gracefully: TERM, grace period, KILL. */
    record Stop() implements SupervisorEvent { }

    /** A signal dmon received, forwarded per -s/-S. */
    record Forward(int signal) implements SupervisorEvent { }

    /** An operator's signal for the command alone. */
    record SignalCommand(int signal) implements SupervisorEvent { }

    /** A named hold (pause reason) added or removed. */
    record Hold(String reason, boolean held) implements SupervisorEvent { }

    /** The supervisor's timers, fired in this order when several are due at once. */
    enum Timer { LOAD_SAMPLE, PRESSURE_SAMPLE, START, TIMEOUT, CMD_KILL, LOG_START, LOG_TERM, LOG_KILL }
}
