package io.dmon.agent.process;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds a command in PATH the way execvp(3) does, but with the child's PATH (after -E), not the
 * supervisor's.
 */
final class ExecutableLookup {
    private static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";

    private ExecutableLookup() {
    }

    /** The path to exec, or null when no executable file of that name is on the PATH. */
    static String resolve(String command, String pathEnv, String cwd) {
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
