package io.dmon.agent.supervise;

import io.dmon.agent.process.StartedProcess;
import java.io.IOException;

/**
 * Starts the processes of one job with their plumbing (pipes, line pumps, sinks), so that the
 * supervisor deals only in runs and exits.
 */
public interface JobProcesses {

    /** Starts run number {@code run} of the command, its output wired to the job's destination. */
    StartedProcess startCommand(int run) throws IOException;

    /** The log command and its stdin pipe when it runs as a separate process, else null. */
    LogPipe logPipe();

    /** True when the job has a log command that runs as a separate process. */
    default boolean hasLogProcess() {
        return logPipe() != null;
    }

    /** Starts (or restarts) the log command; its stdin stays the same pipe across restarts. */
    default StartedProcess startLog() throws IOException {
        return logPipe().start();
    }

    /** True when lines are still waiting in the log command's pipe (it must run again to take them). */
    default boolean logInputPending() {
        LogPipe pipe = logPipe();
        return pipe != null && pipe.inputPending();
    }

    /**
     * Waits up to {@code maxMillis} for the command's output to be fully read (every writer of the
     * output pipe closed), so nothing written before the command ended is lost.
     */
    void awaitOutputDrained(long maxMillis) throws InterruptedException;

    /** Ends the output: flushes and closes in-process sinks, or closes the log command's pipe (EOF). */
    void closeOutput();

    /** Lets go of what is left (the log pipe's read end) once no log command will run again. */
    void release();
}
