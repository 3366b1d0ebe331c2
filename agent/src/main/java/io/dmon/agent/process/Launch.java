package io.dmon.agent.process;

import java.util.List;

/**
 * Everything needed to start one program: what to run, its environment, where its standard
 * descriptors go (-1 = /dev/null), its process group, working directory, credentials and
 * resource limits ({kind, soft, hard} triples, -1 meaning unlimited).
 */
public record Launch(List<String> argv, List<String> env, int stdin, int stdout, int stderr,
                     Posix.Group group, String cwd, Credentials credentials, long[] limits) {

    public Launch {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty argv");
        }
        argv = List.copyOf(argv);
        env = List.copyOf(env);
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
