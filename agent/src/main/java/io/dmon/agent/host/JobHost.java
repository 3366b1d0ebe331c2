package io.dmon.agent.host;

import io.dmon.agent.monitor.MonitorJobProcesses;
import io.dmon.agent.spool.SpoolSet;
import io.dmon.agent.state.JobRecord;
import io.dmon.agent.state.StateDir;
import io.dmon.agent.supervise.JobEvent;
import io.dmon.agent.supervise.JobState;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The jobs of this host, driven towards the desired state (level-triggered: the whole assignment
 * on every reconnect, single changes in between). Thread-safe; every method returns at once
 * except {@link #close()}: stopping a job is asked for here and carried out on the job's own
 * thread, so a slow stop never holds up the link.
 *
 * <p>The assignment is saved in the state directory after every change (by {@link AssignmentSaver},
 * off the caller's thread), so a restarted agent keeps supervising what it had even when no
 * coordinator answers.
 */
public final class JobHost implements AutoCloseable {
    private final JobLauncher launcher;
    private final StateDir state;
    private final SpoolSet spools;
    private final HostListener listener;
    private final Consumer<String> diagnostics;
    private final Map<String, JobRecord> recovered;
    private final Map<String, MonitorJobProcesses.Left> monitors;
    private final Map<String, HostedJob> jobs = new LinkedHashMap<>();
    /**
     * Jobs run again under the id of a removed job whose thread has not ended yet: each starts
     * once the removed one is gone, with a record and a log spool of its own.
     */
    private final Map<String, DesiredJob> waiting = new LinkedHashMap<>();
    private final Duration stopWait;
    private final ScheduledExecutorService leaseTimer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dmon-pause-leases");
        t.setDaemon(true);
        return t;
    });
    private final AssignmentSaver saver;
    private final Function<List<DesiredJob>, byte[]> savedForm;
    private boolean closed;

    /**
     * @param recovered the job records a previous agent left (their orphans already reaped)
     * @param monitors  what a previous agent left of the jobs' monitors, by job id (taken over
     *                  by each job as it is assigned; see {@link #endUnclaimed})
     * @param stopWait  how long {@link #close()} waits for each job to stop
     * @param savedForm the bytes the assignment is saved as (the link's: the coordinator's wire form)
     */
    public JobHost(JobLauncher launcher, StateDir state, SpoolSet spools, HostListener listener,
                   Map<String, JobRecord> recovered, Map<String, MonitorJobProcesses.Left> monitors, Duration stopWait,
                   Function<List<DesiredJob>, byte[]> savedForm, Consumer<String> diagnostics) {
        this.launcher = launcher;
        this.state = state;
        this.spools = spools;
        this.listener = listener;
        this.recovered = new HashMap<>(recovered);
        this.monitors = new HashMap<>(monitors);
        this.stopWait = stopWait;
        this.diagnostics = diagnostics;
        this.savedForm = savedForm;
        this.saver = new AssignmentSaver(state, diagnostics);
    }

    /**
     * Makes the host run exactly {@code assignment}: starts what should run and does not, stops
     * what is desired stopped or absent (and forgets the absent), restarts a job whose generation
     * went up, and leaves the rest alone.
     */
    public synchronized void reconcile(List<DesiredJob> assignment) {
        if (closed) {
            return;
        }
        Map<String, DesiredJob> wanted = new LinkedHashMap<>();
        assignment.forEach(job -> wanted.put(job.id(), job));
        for (HostedJob hosted : new ArrayList<>(jobs.values())) {
            if (!wanted.containsKey(hosted.id())) {
                hosted.desire(null);
            }
        }
        waiting.keySet().retainAll(wanted.keySet());
        wanted.values().forEach(this::desire);
        save();
    }

    /** One job's new desired state. */
    public synchronized void apply(DesiredJob job) {
        if (closed) {
            return;
        }
        desire(job);
        save();
    }

    /** One job's removal: it is stopped and forgotten. */
    public synchronized void remove(String jobId) {
        if (closed) {
            return;
        }
        HostedJob hosted = jobs.get(jobId);
        if (hosted != null) {
            hosted.desire(null);
        }
        waiting.remove(jobId);
        save();
    }

    /** Sends {@code signal} to the job's running command; false when the job has none. */
    public synchronized boolean signal(String jobId, int signal) {
        HostedJob hosted = jobs.get(jobId);
        return hosted != null && hosted.signal(signal);
    }

    /** The desired state of every job held (not those being removed). */
    public synchronized List<DesiredJob> jobs() {
        List<DesiredJob> held = new ArrayList<>();
        for (HostedJob hosted : jobs.values()) {
            DesiredJob job = hosted.desired();
            if (job != null && !waiting.containsKey(job.id())) {
                held.add(job);
            }
        }
        held.addAll(waiting.values());
        return held;
    }

    /** What is observed of every job held. */
    public synchronized List<JobReport> reports() {
        List<JobReport> reports = new ArrayList<>();
        for (HostedJob hosted : jobs.values()) {
            if (hosted.desired() != null) {
                reports.add(hosted.report());
            }
        }
        return reports;
    }

    /** Reports again the jobs whose cgroup counters moved (CPU time, memory), for ps. */
    public void refreshUsage() {
        List<HostedJob> all;
        synchronized (this) {
            all = new ArrayList<>(jobs.values());
        }
        for (HostedJob hosted : all) {
            hosted.refreshUsage();
        }
    }

    private void desire(DesiredJob job) {
        if (job.id().isEmpty()) {
            diagnostics.accept("a job without an id was ignored");
            return;
        }
        HostedJob hosted = jobs.get(job.id());
        if (hosted != null) {
            DesiredJob held = hosted.desired();
            if (held == null || held.otherIncarnation(job)) {
                // Another job of this id, removed (or its removal missed) and not gone yet: its
                // record, monitor and spool are not the new job's. This one starts once it is gone.
                waiting.put(job.id(), job);
                hosted.desire(null);
                return;
            }
            if (hosted.desire(job)) {
                return;
            }
        }
        waiting.remove(job.id());
        spools.claim(job.id(), job.created());
        JobRecord record = recovered.remove(job.id());
        MonitorJobProcesses.Left left = monitors.remove(job.id());
        // With a monitor, what became of the run is known (adopted, ended, or lost) and decided there.
        if (record != null && record.monitor() == null && job.once() && record.interruptedAt(job.generation())) {
            record = interruptedOnce(record, job.created());
        }
        hosted = new HostedJob(job, record == null ? JobRecord.fresh(job.id()) : record, left, launcher, state,
                listener, leaseTimer, diagnostics, this::gone);
        jobs.put(job.id(), hosted);
        listener.status(hosted.report());
        hosted.start();
    }

    /**
     * Ends the monitors a previous agent left for jobs no longer assigned here (not in the
     * assignment this host started with): their runs are stopped, their last lines taken, their
     * directories removed. Call once, after the first {@link #reconcile}.
     */
    public void endUnclaimed() throws InterruptedException {
        Map<String, MonitorJobProcesses.Left> unclaimed;
        Map<String, JobRecord> records;
        synchronized (this) {
            unclaimed = new HashMap<>(monitors);
            monitors.clear();
            records = new HashMap<>(recovered);
        }
        for (var e : unclaimed.entrySet()) {
            String jobId = e.getKey();
            JobRecord[] record = {records.getOrDefault(jobId, JobRecord.fresh(jobId))};
            diagnostics.accept("job " + jobId + ": no longer assigned here: ending what the previous agent left of it");
            try {
                launcher.leftovers(jobId, (name, base) -> {
                    record[0] = record[0].withMonitor(name, base);
                    state.writeRecord(record[0]);
                }).takeOver(e.getValue(), false);
            } catch (IOException ex) {
                diagnostics.accept("job " + jobId + ": " + ex.getMessage());
            }
        }
    }

    /**
     * A -1 job whose run began under an agent that died before the run ended: its outcome is
     * unknown and running it again could do its work twice, so it ends FAILED, with an event
     * saying why (a restart, which is a new generation, runs it again). What it left running was
     * ended by the orphan reaper before any job started: nothing could read its output any more.
     */
    private JobRecord interruptedOnce(JobRecord record, long created) {
        String cause = "not run again: the previous agent died while its -1 run was live (outcome unknown)";
        diagnostics.accept("job " + record.jobId() + ": " + cause);
        JobRecord failed = record.ended(JobState.FAILED);
        try {
            state.writeRecord(failed);
        } catch (IOException e) {
            diagnostics.accept("job " + record.jobId() + ": cannot save its runtime record: " + e.getMessage());
        }
        listener.event(new HostEvent(record.jobId(), new JobEvent(
                JobEvent.Role.CMD, JobEvent.Kind.STATE, 0, 0,
                record.run(), JobState.FAILED, false), System.currentTimeMillis(), cause, created));
        return failed;
    }

    /** A job's thread ended: a removed job is forgotten, with its record; its spool goes once drained. */
    private synchronized void gone(HostedJob hosted) {
        if (jobs.get(hosted.id()) != hosted || closed) {
            return;
        }
        jobs.remove(hosted.id());
        try {
            state.deleteRecord(hosted.id());
        } catch (IOException e) {
            diagnostics.accept("job " + hosted.id() + ": cannot delete its runtime record: " + e.getMessage());
        }
        try {
            state.deletePause(hosted.id());
        } catch (IOException e) {
            diagnostics.accept("job " + hosted.id() + ": cannot delete its pause record: " + e.getMessage());
        }
        spools.retire(hosted.id());
        DesiredJob next = waiting.remove(hosted.id());
        if (next != null) {
            desire(next);
            save();
        }
    }

    private void save() {
        List<DesiredJob> held = jobs();
        saver.save(() -> savedForm.apply(held));
    }

    /** Waits until the assignment as of now is on disk. */
    public void flushAssignment() throws InterruptedException {
        saver.flush();
    }

    /**
     * Leaves every job running under its monitor and lets go of it: the records and the saved
     * assignment stay as they are, for the next agent to take the jobs over.
     */
    public void detach() throws InterruptedException {
        List<HostedJob> all;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(jobs.values());
        }
        all.forEach(HostedJob::detach);
        for (HostedJob hosted : all) {
            if (!hosted.join(Duration.ofSeconds(10))) {
                diagnostics.accept("job " + hosted.id() + ": still letting go after 10 s");
            }
        }
        leaseTimer.shutdownNow();
        saver.close();
    }

    /**
     * Stops every job gracefully (TERM, grace, KILL to each group) and waits for them, their
     * monitors ending with them: the agent going down takes its jobs down. The saved assignment
     * stays, for the next agent.
     */
    @Override
    public void close() throws InterruptedException {
        List<HostedJob> all;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(jobs.values());
        }
        all.forEach(HostedJob::shutdown);
        for (HostedJob hosted : all) {
            if (!hosted.join(stopWait)) {
                diagnostics.accept("job " + hosted.id() + ": still stopping after " + stopWait.toSeconds() + " s");
            }
        }
        // Leases still running are kept in the state directory: the next agent ends them on time.
        leaseTimer.shutdownNow();
        saver.close();
    }
}
