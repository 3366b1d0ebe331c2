package io.dmon.agent.monitor;

import io.dmon.agent.process.ExitStatus;
import java.util.List;

/**
 * What a monitor has told about its job, folded from its events: its store's counters and its
 * current run. The same fold reads the exit file a monitor leaves as it ends.
 *
 * @param lastSeq the seq of the last line in the store (0: none yet)
 * @param bytes   bytes the store was ever given
 * @param dropped lines dropped unconsumed because the store was full
 * @param lost    lines that could not be written (the disk refused them as the monitor ended)
 * @param run     the current run, null before the first
 * @param stalled the errno with which the disk refuses the store's writes now (the run's output
 *                waits), 0 while it takes them
 */
public record MonitorState(long lastSeq, long bytes, long dropped, long lost, Run run, int stalled) {
    public static final MonitorState EMPTY = new MonitorState(0, 0, 0, 0, null, 0);

    /**
     * One run as the monitor knows it.
     *
     * @param exit    its leader's status once reaped, else null
     * @param eofSeq  the seq of its last line once its pipes closed, else -1
     */
    public record Run(int run, int pid, long startTime, int execErrno, long startedMs, ExitStatus exit, long exitedMs,
                      long eofSeq) {

        /** True until the leader is reaped. */
        public boolean running() {
            return exit == null;
        }

        /** True once every line of the run is in the store. */
        public boolean drained() {
            return eofSeq >= 0;
        }
    }

    /** The state after {@code event}; events about other runs than the current one change nothing of it. */
    public MonitorState apply(MonitorEvent event) {
        if (event instanceof MonitorEvent.Output o) {
            return new MonitorState(o.lastSeq(), o.bytes(), o.dropped(), o.lost(), run, stalled);
        }
        if (event instanceof MonitorEvent.Stalled x) {
            return new MonitorState(lastSeq, bytes, dropped, lost, run, x.errno());
        }
        if (event instanceof MonitorEvent.Resumed) {
            return new MonitorState(lastSeq, bytes, dropped, lost, run, 0);
        }
        if (event instanceof MonitorEvent.Started s) {
            return withRun(new Run(s.run(), s.pid(), s.startTime(), s.execErrno(), s.unixMs(), null, 0, -1));
        }
        if (event instanceof MonitorEvent.Exited x && run != null && x.run() == run.run()) {
            return withRun(new Run(run.run(), run.pid(), run.startTime(), run.execErrno(), run.startedMs(), x.status(),
                    x.unixMs(), run.eofSeq()));
        }
        if (event instanceof MonitorEvent.Drained d && run != null && d.run() == run.run()) {
            return new MonitorState(Math.max(lastSeq, d.lastSeq()), bytes, dropped, lost, new Run(run.run(), run.pid(),
                    run.startTime(), run.execErrno(), run.startedMs(), run.exit(), run.exitedMs(), d.lastSeq()), stalled);
        }
        return this;
    }

    private MonitorState withRun(Run r) {
        return new MonitorState(lastSeq, bytes, dropped, lost, r, stalled);
    }

    /** True while the current run's leader has not been reaped. */
    public boolean running() {
        return run != null && run.running();
    }

    /** The state written in event lines (a monitor's exit file). */
    static MonitorState parse(List<String> lines) throws MonitorException {
        MonitorState state = EMPTY;
        for (String line : lines) {
            if (!line.isEmpty()) {
                state = state.apply(MonitorProtocol.parse(line));
            }
        }
        return state;
    }
}
