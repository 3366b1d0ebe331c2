package io.dmon.agent.monitor;

import io.dmon.agent.output.LineSink;
import io.dmon.agent.process.Posix;
import io.dmon.agent.process.StartedProcess;
import io.dmon.agent.process.cgroup.CgroupedProcess;
import io.dmon.agent.process.cgroup.JobCgroup;
import io.dmon.agent.spool.SpoolSet;
import io.dmon.agent.supervise.AdoptedRun;
import io.dmon.agent.supervise.JobProcesses;
import io.dmon.agent.supervise.LogPipe;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The processes of one agent job, run under a per-job monitor that outlives the agent: the
 * monitor starts each run, reaps it and holds its output in its store; this class starts a
 * monitor when the job has none that answers, asks it for runs, and ingests their output into the
 * job's spool and log destination ({@link JobMonitor}). The log command, when the job has one,
 * stays the agent's own process (or an in-process log tool), fed from the monitor's store: its
 * restarts stay the supervisor's policy, and lines written while no agent runs wait in the store
 * for the next one instead of being lost.
 *
 * <p>{@link #takeOver} picks up what a previous agent left: a monitor to re-attach to, with a run
 * to adopt (live, or ended while no agent was attached), or a monitor that is gone, whose last
 * lines are ingested and whose run is reported ended or lost.
 */
public final class MonitorJobProcesses implements JobProcesses {
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final Duration DETACH_WAIT = Duration.ofSeconds(2);

    private final String jobId;
    private final MonitorLauncher launcher;
    private final MonitorDirs dirs;
    private final MonitorSpec spec;
    private final SpoolSet spools;
    private final MonitorRecords records;
    private final Posix posix;
    private final Duration stopGrace;
    private final LogPipe logPipe;
    private final LogFeed feed;
    private final Consumer<String> diagnostics;
    // Guarded by this.
    private JobMonitor monitor;
    private JobMonitor latestMonitor;
    private MonitorRun latest;
    private boolean detached;
    private int runBase;
    private JobCgroup cgroup;

    /**
     * @param spec          the job's command, environment, directory, credentials, limits, -e; its
     *                      directory is chosen per monitor
     * @param runBase       the job's runs before this supervisor's first: its run N is the monitor's run runBase + N
     * @param logPipe       the log command's pipe when it runs as a process, else null
     * @param inProcessSink the in-process log tool when the log command is one, else null
     */
    public MonitorJobProcesses(String jobId, MonitorLauncher launcher, MonitorDirs dirs, MonitorSpec spec,
                               SpoolSet spools, MonitorRecords records, Posix posix, int runBase, Duration stopGrace,
                               LogPipe logPipe, LineSink inProcessSink, Consumer<String> diagnostics) {
        this.jobId = jobId;
        this.launcher = launcher;
        this.dirs = dirs;
        this.spec = spec;
        this.spools = spools;
        this.records = records;
        this.posix = posix;
        this.runBase = runBase;
        this.stopGrace = stopGrace;
        this.logPipe = logPipe;
        LineSink destination = inProcessSink != null ? inProcessSink : logPipe != null ? logPipe.sink() : null;
        this.feed = destination == null ? null : new LogFeed(jobId, destination, diagnostics);
        this.diagnostics = diagnostics;
    }

    /**
     * Holds the job's runs in {@code cgroup} (null: their process group): a pause freezes it, a
     * kill kills all of it, and the job's end empties and removes it. Before any run starts.
     */
    public synchronized MonitorJobProcesses heldBy(JobCgroup cgroup) {
        this.cgroup = cgroup;
        return this;
    }

    /** A run as the supervisor holds it: through the cgroup while it lives (one that ended stays as it is). */
    private synchronized StartedProcess held(MonitorRun run) {
        return cgroup == null || run.ended() ? run : new CgroupedProcess(run, cgroup);
    }

    /**
     * What a previous agent left of the job's monitor, as its record says.
     *
     * @param name      the monitor's directory
     * @param base      the record's seq base
     * @param found     what is in the directory now
     * @param run       the record's last run started (0: none)
     * @param pid       the record's live run's pid (0: none live, its exit seen)
     * @param startTime that run's /proc start time
     * @param respawns  the respawns the job counted
     */
    public record Left(String name, long base, MonitorFinder.Found found, int run, int pid, long startTime,
                       int respawns) {
    }

    /**
     * Takes over what a previous agent left: re-attaches to a monitor that lives, or ingests what
     * a gone one stored and removes it. Returns the run for the supervisor to adopt: a live one, or
     * one that ended unseen (its exit or its loss is then its first event); null when there is none
     * (a live monitor is then ended: the next run starts under a new one). Without {@code adopt}
     * (the job cannot run here any more) a live run is stopped and nothing is adopted.
     */
    public synchronized AdoptedRun takeOver(Left left, boolean adopt) throws IOException, InterruptedException {
        AdoptedRun run = takeOverMonitor(left, adopt);
        if (!adopt) {
            // The job will not run here: what it left in its cgroup (a daemon, a setsid'd child) goes too.
            endCgroup();
        }
        return run;
    }

    private AdoptedRun takeOverMonitor(Left left, boolean adopt) throws IOException, InterruptedException {
        if (left.found() instanceof MonitorFinder.Running running) {
            MonitorConnection c;
            try {
                c = MonitorConnection.attach(dirs.dir(left.name()), DEADLINE);
            } catch (MonitorException e) {
                diagnostics.accept("job " + jobId + ": cannot re-attach to its monitor: " + e.getMessage() + "; ending it");
                JobMonitor m = new JobMonitor(jobId, left.name(), dirs.dir(left.name()), running.monitor(), null,
                        left.base(), spools, records, feed, posix, diagnostics);
                m.endUnreachable();
                return takeOverMonitor(new Left(left.name(), left.base(), MonitorFinder.find(dirs.dir(left.name())),
                        left.run(), left.pid(), left.startTime(), left.respawns()), adopt);
            }
            JobMonitor m = new JobMonitor(jobId, left.name(), dirs.dir(left.name()), running.monitor(), c, left.base(),
                    spools, records, feed, posix, diagnostics).start();
            monitor = m;
            MonitorState.Run r = c.state().run();
            if (adopt && r != null && (r.running() || r.run() > left.run() || r.pid() == left.pid())) {
                MonitorRun run = m.track(r);
                latest = run;
                latestMonitor = m;
                // A run that ended already starts and ends now: no timer of its old start may fire first.
                runBase = r.run() - 1;
                return new AdoptedRun(held(run), r.run(), run.ended() ? System.currentTimeMillis() : r.startedMs(),
                        left.respawns());
            }
            finish(m);
            monitor = null;
            return null;
        }
        MonitorState end = left.found() instanceof MonitorFinder.Ended e ? e.last() : null;
        JobMonitor gone = new JobMonitor(jobId, left.name(), dirs.dir(left.name()),
                left.found() instanceof MonitorFinder.Lost l ? l.monitor() : new MonitorRecord(0, 0, 0), null,
                left.base(), spools, records, feed, posix, diagnostics);
        if (left.found() instanceof MonitorFinder.Absent) {
            // Never ready: no line, no run.
            records.monitorAt(null, 0);
            deleteQuietly(left.name());
        } else {
            finish(gone.start());
        }
        MonitorState.Run r = end == null ? null : end.run();
        if (!adopt) {
            return null;
        }
        if (r != null && r.exit() != null && (r.run() > left.run() || r.pid() == left.pid())) {
            MonitorRun run = gone.ended(r, r.exit());
            latest = run;
            latestMonitor = gone;
            runBase = r.run() - 1;
            return new AdoptedRun(held(run), r.run(), System.currentTimeMillis(), left.respawns());
        }
        if (left.pid() != 0) {
            MonitorRun run = gone.ended(new MonitorState.Run(left.run(), left.pid(), left.startTime(), 0, 0, null, 0, -1),
                    null);
            latest = run;
            latestMonitor = gone;
            runBase = left.run() - 1;
            return new AdoptedRun(held(run), left.run(), System.currentTimeMillis(), left.respawns());
        }
        return null;
    }

    @Override
    public StartedProcess startCommand(int run) throws IOException {
        try {
            JobMonitor m = current();
            int base;
            synchronized (this) {
                base = runBase;
            }
            MonitorRun r = m.start(base + run);
            synchronized (this) {
                latest = r;
                latestMonitor = m;
            }
            return held(r);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while starting run " + run);
        }
    }

    /** The monitor to start the next run in: the one in use while it answers, else a new one. */
    private synchronized JobMonitor current() throws IOException, InterruptedException {
        if (detached) {
            throw new IOException("the agent is going away");
        }
        if (monitor != null && monitor.usable()) {
            return monitor;
        }
        JobMonitor old = monitor;
        if (old != null && !old.awaitFinished(DEADLINE)) {
            throw new IOException("the output of its previous monitor is not all taken yet");
        }
        String name = dirs.allocate();
        java.nio.file.Path dir = dirs.dir(name);
        long base = spools.spool(jobId).nextSeq() - 1;
        // Before the monitor exists: whatever kills this agent from here on, the next one finds it.
        records.monitorAt(name, base);
        monitor = null;
        if (old != null) {
            deleteQuietly(old.name);
        }
        if (cgroup != null) {
            // A new monitor is a new life of the job: nothing of an earlier one stays in its cgroup.
            cgroup.reset(DEADLINE.toMillis());
        }
        MonitorRecord started;
        try {
            started = launcher.start(spec.in(dir));
        } catch (MonitorException e) {
            deleteQuietly(name);
            throw e;
        }
        MonitorConnection c;
        try {
            c = MonitorConnection.attach(dir, DEADLINE);
        } catch (MonitorException e) {
            new JobMonitor(jobId, name, dir, started, null, base, spools, records, feed, posix, diagnostics)
                    .endUnreachable();
            throw e;
        }
        monitor = new JobMonitor(jobId, name, dir, started, c, base, spools, records, feed, posix, diagnostics).start();
        return monitor;
    }

    /** Quits a monitor (stopping what is left of its run), takes its last lines, forgets it. */
    private void finish(JobMonitor m) throws InterruptedException {
        if (!m.quit(stopGrace)) {
            diagnostics.accept("job " + jobId + ": its monitor in " + m.dir + " did not end in order; left for the"
                    + " next agent");
            return;
        }
        try {
            records.monitorAt(null, 0);
        } catch (IOException e) {
            diagnostics.accept("job " + jobId + ": cannot save its record: " + e.getMessage());
            return;
        }
        deleteQuietly(m.name);
    }

    private void deleteQuietly(String name) {
        try {
            dirs.delete(name);
        } catch (IOException e) {
            diagnostics.accept("job " + jobId + ": cannot delete its monitor's directory " + dirs.dir(name) + ": "
                    + e.getMessage());
        }
    }

    @Override
    public LogPipe logPipe() {
        return logPipe;
    }

    @Override
    public void awaitOutputDrained(long maxMillis) throws InterruptedException {
        JobMonitor m;
        MonitorRun r;
        synchronized (this) {
            m = latestMonitor;
            r = latest;
        }
        if (m != null && r != null) {
            m.awaitDrained(r.run(), maxMillis);
        }
    }

    @Override
    public void closeOutput() {
        if (feed != null) {
            feed.close();
        }
    }

    /** The job is over: its monitor quits, its last lines are taken, its directory goes. */
    @Override
    public void release() {
        JobMonitor m;
        synchronized (this) {
            m = monitor;
            monitor = null;
        }
        try {
            if (m != null) {
                finish(m);
            }
            endCgroup();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (logPipe != null) {
                logPipe.release();
            }
        }
    }

    /** Nothing the job started outlives it: what is left in its cgroup is killed, the cgroup removed. */
    private void endCgroup() throws InterruptedException {
        JobCgroup c;
        synchronized (this) {
            c = cgroup;
        }
        if (c == null) {
            return;
        }
        try {
            c.end(stopGrace.toMillis() + 5000);
        } catch (IOException e) {
            diagnostics.accept("job " + jobId + ": ending its cgroup: " + e.getMessage());
        }
    }

    /**
     * The agent goes away and the job runs on: the lines there are taken, the monitor is left
     * running on its own, the log command gets end of file (the next agent starts it again).
     */
    public void detach() throws InterruptedException {
        JobMonitor m;
        synchronized (this) {
            detached = true;
            m = monitor;
        }
        if (m != null) {
            m.detach(DETACH_WAIT);
        }
        closeOutput();
        if (logPipe != null) {
            logPipe.release();
        }
    }
}
