package io.dmon.agent.supervise;

import io.dmon.spec.JobSpec;
import io.dmon.spec.PressureMark;
import java.util.List;

/**
 * The numbers and switches a {@link Supervisor} runs by, taken from a {@link JobSpec} plus the
 * few that DMon's grammar has no option for.
 *
 * @param stopGraceNanos how long a TERM'd process may take before it gets KILL
 * @param drainMillis    how long to wait for the command's output to be read after it ended
 * @param logDrainNanos  how long the log command may take to exit on EOF before it gets TERM
 * @param pressure       the -P marks, one per metric
 */
public record SupervisorSettings(String commandName, String logCommandName, boolean once, int maxRespawns, long intervalNanos,
                                 long timeoutNanos, double loadHigh, double loadLow, boolean cmdSigs,
                                 boolean logSigs, long stopGraceNanos, long drainMillis, long logDrainNanos,
                                 List<PressureMark> pressure) {

    private static final long SECOND = 1_000_000_000L;
    /**
     * About 73 years: longer times (-t 1000y is valid) are cut to this, so that adding one to a
     * {@code System.nanoTime()} reading cannot overflow.
     */
    private static final long LONGEST_NANOS = Long.MAX_VALUE / 4;

    public SupervisorSettings {
        pressure = List.copyOf(pressure);
    }

    /** The same settings with another grace period for TERM'd processes. */
    public SupervisorSettings withStopGrace(long nanos) {
        return new SupervisorSettings(commandName, logCommandName, once, maxRespawns, intervalNanos, timeoutNanos, loadHigh, loadLow,
                cmdSigs, logSigs, nanos, drainMillis, logDrainNanos, pressure);
    }

    public static SupervisorSettings of(JobSpec spec) {
        return new SupervisorSettings(spec.command().get(0),
                spec.logCommand().isEmpty() ? "" : spec.logCommand().get(0), spec.once(), spec.maxRespawns(),
                nanos(spec.intervalSeconds()), nanos(spec.timeoutSeconds()), spec.loadHigh(), spec.loadLow(),
                spec.cmdSigs(), spec.logSigs(), 10 * SECOND, 2_000, 5 * SECOND, spec.pressure());
    }

    private static long nanos(long seconds) {
        return seconds > LONGEST_NANOS / SECOND ? LONGEST_NANOS : seconds * SECOND;
    }
}
