package io.dmon.agent.tools;

import io.dmon.agent.process.ExecutableLookup;
import io.dmon.agent.process.DescriptorTable;
import io.dmon.agent.process.Posix;
import io.dmon.agent.process.PosixException;
import java.util.ArrayList;
import java.util.List;

/**
 * Replaces this process with the command, as DMon's {@code execvpe(argv[0], argv, env)} does:
 * same pid, the built environment, and the command looked up in denv's own PATH, not the new
 * environment's (glibc's execvpe reads PATH from the caller's environment). A word with a slash
 * is used as it is; argv[0] stays the word as typed.
 *
 * <p>What the JVM added is taken back first: its own descriptors get close-on-exec, so the
 * command inherits exactly denv's, and signals ignored when denv started stay ignored (the
 * rest start with default actions and unblocked).
 */
final class InPlaceExec {
    private static final int ENOENT = 2;
    private static final int ENOEXEC = 8;
    private static final String SHELL = "/bin/sh";

    private final Posix posix;
    private final Invocation invocation;

    InPlaceExec(Posix posix, Invocation invocation) {
        this.posix = posix;
        this.invocation = invocation;
    }

    /**
     * Becomes the command; returns only when that failed, with why.
     *
     * @param command the command word and its arguments, non-empty
     * @param env     {@code NAME=VALUE} entries
     */
    DenvException exec(List<String> command, List<String> env) {
        String word = command.get(0);
        String path = ExecutableLookup.resolve(word, invocation.environment().get("PATH"), null);
        if (path == null) {
            return cannotExecute(word, ENOENT);
        }
        closeJvmDescriptorsOnExec();
        int errno = execve(path, command, env);
        if (errno == ENOEXEC) {
            // A script without #!: execvp(3) hands it to the shell, and so do we.
            List<String> viaShell = new ArrayList<>(command.size() + 1);
            viaShell.add(SHELL);
            viaShell.add(path);
            viaShell.addAll(command.subList(1, command.size()));
            errno = execve(SHELL, viaShell, env);
        }
        return cannotExecute(word, errno);
    }

    /** Returns only when the exec failed, with its errno. */
    private int execve(String path, List<String> argv, List<String> env) {
        try {
            posix.execve(path, argv, env, invocation.ignoredSignals());
        } catch (PosixException e) {
            return e.errno();
        }
        throw new IllegalStateException("execve returned without failing");
    }

    private void closeJvmDescriptorsOnExec() {
        for (int fd : DescriptorTable.open().keySet()) {
            if (fd > 2 && !invocation.inheritedFds().contains(fd)) {
                try {
                    posix.setCloseOnExec(fd);
                } catch (PosixException e) {
                    // It was the listing's own descriptor, closed by now.
                }
            }
        }
    }

    private static DenvException cannotExecute(String word, int errno) {
        return new DenvException("Cannot execute '" + word + "': " + Posix.describeErrno(errno) + ".");
    }
}
