package io.dmon.agent.host;

import io.dmon.agent.process.Posix;
import io.dmon.agent.process.ProcStat;
import io.dmon.agent.process.Signals;

/**
 * Ends the process group a killed agent left behind, before the job starts again, so that no job
 * ever runs twice. A process is only touched when both its pid and its /proc start time match the
 * record: a pid reused by something else is left alone.
 */
final class OrphanReaper {
    private static final long GRACE_NANOS = 5_000_000_000L;

    private final Posix posix;

    OrphanReaper(Posix posix) {
        this.posix = posix;
    }

    /** Returns true when an orphan was found (and is gone now). */
    boolean reap(RuntimeRecord record) throws InterruptedException {
        if (record.pid() <= 0 || !matches(record)) {
            return false;
        }
        int pgid = record.pid();
        posix.kill(-pgid, Signals.TERM);
        posix.kill(-pgid, Signals.CONT);
        long deadline = System.nanoTime() + GRACE_NANOS;
        while (matches(record) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        if (matches(record)) {
            posix.kill(-pgid, Signals.KILL);
            while (matches(record) && System.nanoTime() < deadline + GRACE_NANOS) {
                Thread.sleep(20);
            }
        }
        // The group may outlive its leader (an sh -c's children): they go too.
        posix.kill(-pgid, Signals.KILL);
        return true;
    }

    private static boolean matches(RuntimeRecord record) {
        return ProcStat.read(record.pid())
                .filter(s -> s.startTime() == record.startTime() && s.state() != 'Z' && s.state() != 'X')
                .isPresent();
    }
}
