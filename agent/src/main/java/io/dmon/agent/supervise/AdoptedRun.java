package io.dmon.agent.supervise;

import io.dmon.agent.process.StartedProcess;

/**
 * A run a previous agent started, still going (or ended unseen) under the monitor that outlived
 * that agent, for a new supervisor to take over as its first run ({@link Supervisor#adopt}).
 *
 * @param run         its number over the job's life on the host
 * @param startedAtMs wall-clock millis of the run's start: its uptime goes on from there
 * @param respawns    the respawns the job counted before (its -m budget and RESTARTS go on)
 */
public record AdoptedRun(StartedProcess process, int run, long startedAtMs, int respawns) {
}
