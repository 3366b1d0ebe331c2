package io.dmon.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;

/** The kernel's view of processes: the state letter of /proc/PID/stat ('T' = stopped). */
final class ProcStates {
    private ProcStates() {
    }

    /** The state letter of {@code pid}, or 'X' when there is no such process. */
    static char state(long pid) {
        try {
            String stat = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "stat")),
                    StandardCharsets.US_ASCII);
            // The command name may hold spaces and parentheses: the state follows the last ')'.
            return stat.charAt(stat.lastIndexOf(')') + 2);
        } catch (NoSuchFileException e) {
            return 'X';
        } catch (IOException e) {
            return '?';
        }
    }

    /**
     * Sweeps {@code pids} until every one's state satisfies {@code wanted} or {@code millis} pass;
     * returns System.nanoTime when the last one did, or -1 on time-out.
     */
    static long awaitAll(Collection<Long> pids, Predicate<Character> wanted, long millis) throws InterruptedException {
        Set<Long> pending = new HashSet<>(pids);
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < deadline) {
            pending.removeIf(pid -> wanted.test(state(pid)));
            if (pending.isEmpty()) {
                return System.nanoTime();
            }
            Thread.sleep(1);
        }
        return -1;
    }

    static boolean stopped(char state) {
        return state == 'T';
    }

    static boolean running(char state) {
        return state == 'S' || state == 'R';
    }
}
