package io.dmon.agent.process;

import java.util.List;

/**
 * Everything needed to start one program: what to run, its environment, where its standard
 * descriptors go (-1 = /dev/null), its process group, working directory, credentials,
 * resource limits ({kind, soft, hard} triples, -1 meaning unlimited) and the cgroups it joins
 * before anything else (their {@code cgroup.procs} files; it never runs outside them).
 */
public record Launch(List<String> argv, List<String> env, int stdin, int stdout, int stderr,
                     Posix.Group group, String cwd, Credentials credentials, long[] limits,
                     List<String> cgroupProcs) {

    public Launch {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty argv");
        }
        argv = List.copyOf(argv);
        env = List.copyOf(env);
        cgroupProcs = List.copyOf(cgroupProcs);
    }

    /** A launch that stays in this process's cgroups. */
    public Launch(List<String> argv, List<String> env, int stdin, int stdout, int stderr,
                  Posix.Group group, String cwd, Credentials credentials, long[] limits) {
        this(argv, env, stdin, stdout, stderr, group, cwd, credentials, limits, List.of());
    }

    /** The same launch, joining the cgroups whose {@code cgroup.procs} files are given. */
    public Launch inCgroups(List<String> procsFiles) {
        return new Launch(argv, env, stdin, stdout, stderr, group, cwd, credentials, limits, procsFiles);
    }

    /** The value of a variable in this launch's environment, or null. */
    public String envValue(String name) {
        String prefix = name + "=";
        for (String e : env) {
            if (e.startsWith(prefix)) {
                return e.substring(prefix.length());
            }
        }
        return null;
    }
}
