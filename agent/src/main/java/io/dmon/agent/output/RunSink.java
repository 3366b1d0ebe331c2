package io.dmon.agent.output;

/**
 * A line destination that records which run each line came from (the agent's spool). Given one
 * as the uplink, {@link io.dmon.agent.supervise.LocalJobProcesses} hands each run's pump its own
 * view, so even a run's first lines, or an old run's last ones drained late, carry their own run.
 */
public interface RunSink extends LineSink {
    /** The lines of run {@code run} (1 for the first) go through the returned sink; only this one is closed. */
    LineSink forRun(int run);

    /** The lines run {@code run} wrote to its stderr (captured apart, without -e); only this one is closed. */
    LineSink forRunStderr(int run);
}
