package io.dmon.agent.supervise;

import io.dmon.agent.output.PipeSink;
import io.dmon.agent.process.ChildProcess;
import io.dmon.agent.process.Credentials;
import io.dmon.agent.process.Launch;
import io.dmon.agent.process.Posix;
import io.dmon.agent.process.PosixException;
import io.dmon.agent.process.Spawner;
import java.util.List;

/**
 * The log command of a job and its one long-lived stdin pipe. Its read end stays open here
 * across restarts of the log command, so lines written while it restarts wait in the pipe and a
 * write never meets EPIPE; when the pipe is full, writers wait (back-pressure, not loss).
 */
public final class LogPipe {
    private static final int PIPE_SIZE = 1 << 20;

    private final Posix posix;
    private final Spawner spawner;
    private final List<String> argv;
    private final List<String> env;
    private final String cwd;
    private final Credentials credentials;
    private final int[] pipe;

    /**
     * @param argv the log command; {@code env}, {@code cwd}, {@code credentials} as for the job
     */
    public LogPipe(Posix posix, List<String> argv, List<String> env, String cwd, Credentials credentials)
            throws PosixException {
        this.posix = posix;
        this.spawner = new Spawner(posix);
        this.argv = List.copyOf(argv);
        this.env = env;
        this.cwd = cwd;
        this.credentials = credentials;
        this.pipe = posix.pipe();
        grow(posix, pipe[1]);
    }

    /** PIPE_SIZE where the system grants it; the default size (64 KiB) works too, only with shorter bursts. */
    static void grow(Posix posix, int fd) {
        try {
            posix.setPipeSize(fd, PIPE_SIZE);
        } catch (PosixException e) {
            // Refused over pipe-max-size or a user's pipe-user-pages limits: keep the default.
        }
    }

    /** Lines into the pipe: the log command's stdin. Closing it gives the log command end of file. */
    public PipeSink sink() {
        return new PipeSink(posix.fileDescriptor(pipe[1]));
    }

    /** Starts (or restarts) the log command in a group of its own, reading the pipe. */
    public ChildProcess start() throws PosixException {
        return spawner.spawn(new Launch(argv, env, pipe[0], 1, 2, Posix.Group.NEW_GROUP, cwd, credentials, null));
    }

    /** True when lines still wait in the pipe (the log command must run again to take them). */
    public boolean inputPending() {
        try {
            return posix.bytesAvailable(pipe[0]) > 0;
        } catch (PosixException e) {
            return false;
        }
    }

    /** Lets go of the read end, once no log command will run again. */
    public void release() {
        posix.close(pipe[0]);
    }
}
