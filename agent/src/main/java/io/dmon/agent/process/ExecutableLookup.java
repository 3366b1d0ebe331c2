package io.dmon.agent.process;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds a command in PATH the way execvp(3) does, with a PATH the caller chooses: dmon passes
 * the child's PATH (after -E), not the supervisor's; denv passes its own (old) PATH, as DMon's
 * execvpe(3) does.
 *
 * <p>Differences from glibc's execvp: a PATH entry holding a file of that name that is not
 * executable is skipped silently (glibc remembers EACCES and reports it when nothing else is
 * found; here the caller sees "not found"), and an unset PATH means
 * {@code /usr/local/bin:/usr/bin:/bin} (glibc: {@code /bin:/usr/bin}).
 */
public final class ExecutableLookup {
    private static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";

    private ExecutableLookup() {
    }

    /**
     * The path to exec: {@code command} itself when it contains a slash; else the first
     * executable regular file of that name in {@code pathEnv}'s directories, where an empty
     * entry or a relative one is taken relative to {@code cwd} (the current directory when
     * null). Null when the command is empty or no such file is on the PATH.
     */
    public static String resolve(String command, String pathEnv, String cwd) {
        if (command.isEmpty()) {
            return null;
        }
        if (command.indexOf('/') >= 0) {
            return command;
        }
        String path = pathEnv == null ? DEFAULT_PATH : pathEnv;
        for (String dir : path.split(":", -1)) {
            Path base = dir.isEmpty() ? Path.of(cwd == null ? "." : cwd) : Path.of(dir);
            if (!base.isAbsolute() && cwd != null) {
                base = Path.of(cwd).resolve(base);
            }
            Path candidate = base.resolve(command);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }
}
