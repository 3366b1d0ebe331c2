package io.dmon.agent.tools;

import io.dmon.agent.process.Launch;
import io.dmon.agent.process.Posix;
import io.dmon.agent.process.ProcSelf;
import io.dmon.agent.process.Spawner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Daemon mode without fork: a JVM cannot fork itself, so the invoking dmon starts a copy of its
 * own command line (from /proc/self/cmdline) in a new session with stdio on /dev/null, marked by
 * an environment variable, and returns. Everything that can fail on bad input has been checked
 * before, in the invoking process, so errors still reach the user's terminal.
 */
final class Daemonizer {
    static final String MARKER = "DMON_DAEMONIZED";

    private Daemonizer() {
    }

    static boolean isDaemonChild(Map<String, String> env) {
        return "1".equals(env.get(MARKER));
    }

    /** Starts the daemon copy; returns its pid. */
    static int startDaemon(Posix posix) throws IOException {
        List<byte[]> raw = ProcSelf.commandLine();
        if (raw == null || raw.isEmpty()) {
            throw new IOException("cannot start the daemon: this process's command line cannot be read");
        }
        List<String> argv = new ArrayList<>();
        for (byte[] word : raw) {
            argv.add(new String(word, StandardCharsets.UTF_8));
        }
        List<String> env = new ArrayList<>();
        System.getenv().forEach((k, v) -> {
            if (!k.equals(MARKER)) {
                env.add(k + "=" + v);
            }
        });
        env.add(MARKER + "=1");
        // The same JVM binary and flags, whatever PATH says: argv[0] may be a bare "java".
        argv.set(0, ProcSelf.executable().toString());
        var child = new Spawner(posix).spawn(new Launch(argv, env, -1, -1, -1, Posix.Group.NEW_SESSION, null,
                null, null));
        if (child.execErrno() != 0) {
            throw new IOException("cannot start the daemon: " + Posix.describeErrno(child.execErrno()));
        }
        return child.pid();
    }

    /** Waits (bounded) until the daemon has written its pid, so `dmon -p f ...; cat f` is reliable. */
    static void awaitPidFile(Path pidFile, int pid, long maxMillis) throws InterruptedException {
        String expected = pid + "\n";
        long deadline = System.nanoTime() + maxMillis * 1_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                if (Files.readString(pidFile, StandardCharsets.US_ASCII).equals(expected)) {
                    return;
                }
            } catch (IOException e) {
                // not written yet
            }
            Thread.sleep(5);
        }
    }
}
