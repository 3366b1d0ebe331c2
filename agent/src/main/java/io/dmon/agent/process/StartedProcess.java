package io.dmon.agent.process;

import java.io.IOException;

/**
 * A started run's process as its supervisor holds it, whoever is its parent: a child of this
 * process ({@link ChildProcess}), or a run of a per-job monitor that outlives the agent. It is
 * known by pid and start time and signalled only while it is provably that process, so a reused
 * pid is never hit. Waiting happens on one thread; signalling may come from any thread.
 */
public interface StartedProcess {

    int pid();

    /** Clock ticks since boot at which the process started (from /proc), 0 if it was gone already. */
    long startTime();

    /** True when the process leads its own process group, so signals can reach all it spawned. */
    boolean groupLeader();

    /** 0, or the errno that kept the program from running (it then exits 111). */
    int execErrno();

    /** Wall-clock millis of the start as whoever started it saw it, or 0 when that is the caller's own moment. */
    default long startedAtMs() {
        return 0;
    }

    /**
     * Blocks until the process ended and returns its raw status. Call from one thread only.
     *
     * @throws IOException when its end cannot be learnt (the status is then unknown)
     */
    ExitStatus waitFor() throws IOException, InterruptedException;

    /**
     * True when {@link #waitFor} returned without the process's real status: whoever held it
     * (a monitor) is gone, and the process with it. Meaningful once waitFor returned.
     */
    default boolean lost() {
        return false;
    }

    /** Signals the process alone; false when it is already gone. */
    boolean signal(int signal);

    /**
     * Signals the process's whole group when it leads one, else the process alone; the group is
     * still signalled after its leader ended, while any member of it remains.
     */
    boolean signalGroup(int signal);

    /** True while the process is held frozen by its cgroup (a pause that outlived whoever made it). */
    default boolean frozen() {
        return false;
    }
}
