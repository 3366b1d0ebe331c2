package io.dmon.agent.process;

import java.io.FileDescriptor;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The POSIX calls the JDK cannot make, backed by libdmonposix.so (see dmonposix.c for why it is
 * not jnr-posix). Everything that touches processes, descriptors and signals below the JDK goes
 * through here; loaded by a program's main and handed to collaborators through their constructors.
 *
 * <p>One error convention, kept by the native side: a call that fails throws a
 * {@link PosixException} naming the call and its errno. Return values are answers only: an
 * unknown user or group, no datagram within a timeout, the errno with which a spawned child
 * failed to run its program. {@link #close} alone reports nothing (see there).
 */
public final class Posix {
    /** Where a spawned child goes relative to process groups and sessions. */
    public enum Group {
        /** Stay in the supervisor's process group (terminal job control, like DMon). */
        INHERIT,
        /** Lead a new process group, so a signal to -pgid reaches the child and all it spawns. */
        NEW_GROUP,
        /** Lead a new session (daemon mode). */
        NEW_SESSION
    }

    private Posix() {
    }

    /**
     * Loads the native library (a second load is a no-op) and returns a handle to it. A program's
     * main calls this once and hands the handle on through constructors; nothing else holds it
     * statically (the dependency test checks that only main methods call it).
     *
     * @throws UnsatisfiedLinkError when the library cannot be found or loaded
     */
    public static Posix load() {
        NativeLibrary.load();
        return new Posix();
    }

    /**
     * Starts a program. Returns the pid; {@code execError[0]} receives 0, or the errno that made
     * the child fail before running the program, in which case the child exits 111 (DMon's
     * convention) and must still be reaped; {@code execError[1]} receives 0, or 1 + i when that
     * failure was joining the cgroup of {@code cgroupProcs[i]} (the first thing the child does, so
     * it never runs outside them). {@code execError} has room for two.
     */
    public int spawn(String path, List<String> argv, List<String> env, int[] stdio, Group group,
                     String cwd, int[] ids, long[] limits, List<String> cgroupProcs, int[] execError)
            throws PosixException {
        return spawn0(bytes(path), cstrings(argv), cstrings(env), stdio, group.ordinal(),
                cwd == null ? null : bytes(cwd), ids, limits,
                cgroupProcs == null || cgroupProcs.isEmpty() ? null : cstrings(cgroupProcs), execError);
    }

    /** Waits for the child to end and returns its raw wait status. */
    public int waitpid(int pid) throws PosixException {
        return waitpid0(pid);
    }

    /** Blocks until the child has exited, leaving it unreaped (its pid stays reserved until {@link #waitpid}). */
    public void awaitExit(int pid) throws PosixException {
        awaitExit0(pid);
    }

    /** Sends a signal; a negative pid names a process group. */
    public void kill(int pid, int signal) throws PosixException {
        kill0(pid, signal);
    }

    /** A pipe, both ends close-on-exec: {read, write}. */
    public int[] pipe() throws PosixException {
        int[] fds = new int[2];
        pipe0(fds);
        return fds;
    }

    /** Grows a pipe's buffer (F_SETPIPE_SZ); returns the size granted. */
    public int setPipeSize(int fd, int size) throws PosixException {
        return setPipeSize0(fd, size);
    }

    /** Bytes waiting to be read from a pipe. */
    public int bytesAvailable(int fd) throws PosixException {
        return bytesAvailable0(fd);
    }

    /**
     * Closes a descriptor; a negative one is ignored. Reports nothing: Linux releases the
     * descriptor whatever close(2) returns, so there is nothing to retry, and a retry could close
     * a descriptor another thread has just been given.
     */
    public void close(int fd) {
        if (fd >= 0) {
            close0(fd);
        }
    }

    /** Wraps a raw descriptor for the JDK's streams and channels; closing them closes the descriptor. */
    public FileDescriptor fileDescriptor(int fd) {
        return fileDescriptor0(fd);
    }

    /**
     * Ends this process at once with {@code status}, after flushing System.out and System.err.
     * The JVM's own exit waits up to 300 ms for threads blocked in native calls (signal and
     * waiter threads), which would triple dmon's start-to-finish time; callers must have closed
     * their files already.
     */
    public void exitNow(int status) {
        System.out.flush();
        System.err.flush();
        exit0(status);
    }

    public int getpid() {
        return getpid0();
    }

    public int geteuid() {
        return geteuid0();
    }

    public boolean isatty(int fd) {
        return isatty0(fd) == 1;
    }

    /** {uid, gid, supplementary groups...} of a user by name, or null when unknown. */
    public int[] lookupUser(String name) {
        return lookupUser0(name, -1);
    }

    /** {uid, gid, supplementary groups...} of a user by number, or null when unknown. */
    public int[] lookupUser(int uid) {
        return lookupUser0(null, uid);
    }

    /** The gid of a group by name, or -1 when unknown. */
    public int lookupGroup(String name) {
        return lookupGroup0(name);
    }

    /**
     * Replaces this process with another program; returns only by throwing. The signals whose
     * bit {@code 1L << (sig - 1)} is set in {@code ignoredSignals} start ignored, as an inherited
     * SIG_IGN survives a plain execve(2) (for instance under nohup); every other signal starts
     * with its default action, and none is blocked.
     */
    public void execve(String path, List<String> argv, List<String> env, long ignoredSignals) throws PosixException {
        execve0(bytes(path), cstrings(argv), cstrings(env), ignoredSignals);
    }

    /** Sets FD_CLOEXEC on a descriptor. */
    public void setCloseOnExec(int fd) throws PosixException {
        setCloseOnExec0(fd);
    }

    /** Routes the given signals to a pipe and returns its read end: each signal arrives as one byte. */
    public int routeSignals(int[] signals) throws PosixException {
        return routeSignals0(signals);
    }

    public int unixDatagramSocket() throws PosixException {
        return unixDatagramSocket0();
    }

    /** Sends one datagram to the socket at path ({@code @NAME}: the abstract socket NAME). */
    public void unixDatagramSend(int fd, String path, byte[] buf, int len) throws PosixException {
        unixDatagramSend0(fd, socketAddress(path), buf, len);
    }

    /** Binds a datagram socket to a path ({@code @NAME}: the abstract socket NAME). */
    public void unixDatagramBind(int fd, String path) throws PosixException {
        unixDatagramBind0(fd, socketAddress(path));
    }

    /** A socket path's bytes; an abstract name ({@code @NAME}, as systemd writes it) starts with NUL. */
    private static byte[] socketAddress(String path) {
        byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 1 && bytes[0] == '@') {
            bytes[0] = 0;
        }
        return bytes;
    }

    /** Receives one datagram: its length, or -1 when none came within the timeout. */
    public int unixDatagramReceive(int fd, byte[] buf, int timeoutMillis) throws PosixException {
        return unixDatagramReceive0(fd, buf, timeoutMillis);
    }

    /** The system's text for an errno, as strerror(3) gives it. */
    public static String describeErrno(int errno) {
        try {
            return strerror0(errno);
        } catch (UnsatisfiedLinkError e) {
            return "errno " + errno;
        }
    }

    private static byte[] bytes(String s) {
        byte[] raw = s.getBytes(StandardCharsets.UTF_8);
        byte[] z = new byte[raw.length + 1];
        System.arraycopy(raw, 0, z, 0, raw.length);
        return z;
    }

    private static byte[][] cstrings(List<String> strings) {
        byte[][] out = new byte[strings.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = bytes(strings.get(i));
        }
        return out;
    }

    private static native int spawn0(byte[] path, byte[][] argv, byte[][] env, int[] stdio, int group,
                                     byte[] cwd, int[] ids, long[] limits, byte[][] cgroups, int[] result)
            throws PosixException;

    private static native int waitpid0(int pid) throws PosixException;

    private static native void awaitExit0(int pid) throws PosixException;

    private static native void kill0(int pid, int signal) throws PosixException;

    private static native void pipe0(int[] fds) throws PosixException;

    private static native int setPipeSize0(int fd, int size) throws PosixException;

    private static native int bytesAvailable0(int fd) throws PosixException;

    private static native void close0(int fd);

    private static native FileDescriptor fileDescriptor0(int fd);

    private static native void exit0(int status);

    private static native int getpid0();

    private static native int geteuid0();

    private static native int isatty0(int fd);

    private static native int[] lookupUser0(String name, int uid);

    private static native int lookupGroup0(String name);

    private static native void execve0(byte[] path, byte[][] argv, byte[][] env, long ignoredSignals)
            throws PosixException;

    private static native void setCloseOnExec0(int fd) throws PosixException;

    private static native int routeSignals0(int[] signals) throws PosixException;

    private static native int unixDatagramSocket0() throws PosixException;

    private static native void unixDatagramSend0(int fd, byte[] path, byte[] buf, int len) throws PosixException;

    private static native void unixDatagramBind0(int fd, byte[] path) throws PosixException;

    private static native int unixDatagramReceive0(int fd, byte[] buf, int timeoutMillis) throws PosixException;

    private static native String strerror0(int errno);
}
