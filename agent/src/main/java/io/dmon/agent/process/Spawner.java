package io.dmon.agent.process;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Starts programs described by a {@link Launch}. */
public final class Spawner {
    private final Posix posix;

    public Spawner(Posix posix) {
        this.posix = posix;
    }

    /**
     * Starts the program, looked up in the PATH of the launch's own environment (for a job, the
     * one after its -E changes), not this process's. A program that cannot be executed still
     * yields a child (which exits 111, DMon's convention) whose {@link ChildProcess#execErrno()}
     * says why.
     *
     * @throws PosixException when no process could be created at all: too many arguments, groups
     *     or limits, no pipe for the child's exec error, or fork failed; or when the child could
     *     not join one of its cgroups (it is reaped then, having run nothing)
     */
    public ChildProcess spawn(Launch launch) throws PosixException {
        String path = ExecutableLookup.resolve(launch.argv().get(0), launch.envValue("PATH"), launch.cwd());
        int[] result = new int[2];
        int pid = posix.spawn(path == null ? "" : path, launch.argv(), launch.env(),
                new int[] {launch.stdin(), launch.stdout(), launch.stderr()}, launch.group(), launch.cwd(),
                launch.credentials() == null ? null : launch.credentials().toIds(), launch.limits(),
                launch.cgroupProcs(), result);
        if (result[1] > 0) {
            // Fail closed: the child stopped before running anything; it is ours to reap.
            posix.waitpid(pid);
            throw new PosixException(result[0], "join cgroup " + launch.cgroupProcs().get(result[1] - 1));
        }
        int execErrno = result[0] != 0 ? result[0] : (path == null ? 2 /* ENOENT */ : 0);
        long start = ProcStat.read(pid).map(ProcStat::startTime).orElse(0L);
        return new ChildProcess(posix, pid, start, launch.group() != Posix.Group.INHERIT, execErrno);
    }

    /**
     * Variables as the NAME=VALUE words a launch takes, in the map's order; nothing is added or
     * changed (a job's -E changes are applied before, by JobAssembly).
     */
    public static List<String> environment(Map<String, String> base) {
        List<String> env = new ArrayList<>(base.size());
        base.forEach((k, v) -> env.add(k + "=" + v));
        return env;
    }
}
