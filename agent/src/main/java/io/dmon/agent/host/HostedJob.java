package io.dmon.agent.host;

import io.dmon.agent.monitor.MonitorJobProcesses;
import io.dmon.agent.monitor.MonitorRun;
import io.dmon.agent.process.ProcStat;
import io.dmon.agent.state.JobRecord;
import io.dmon.agent.state.StateDir;
import io.dmon.agent.supervise.AdoptedRun;
import io.dmon.agent.supervise.JobEvent;
import io.dmon.agent.supervise.JobEvent.Kind;
import io.dmon.agent.supervise.JobEvent.Role;
import io.dmon.agent.process.cgroup.CgroupUsage;
import io.dmon.agent.process.cgroup.Isolation;
import io.dmon.agent.process.cgroup.JobCgroup;
import io.dmon.agent.supervise.JobSnapshot;
import io.dmon.agent.supervise.JobState;
import io.dmon.agent.supervise.Supervisor;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * One job of this host and the thread that supervises it: one supervisor at a time, started
 * while the desired state says so, stopped when it no longer does, started anew (after the old
 * one ended) when the generation goes up. A generation that ended by itself (completed, or
 * failed with its respawns spent) is not run again. Every method but the thread's own returns at
 * once.
 *
 * <p>The desired state's pause and gates become holds on the live supervisor ({@link HoldPlan});
 * a new supervisor gets them before it starts anything, so a held job does not run. A pause
 * with a lease is ended here when the lease runs out ({@link PauseLease}), coordinator or not.
 *
 * <p>Nothing slow happens under the job's lock: record writes and listener calls are queued
 * there ({@link #later}) and performed in order once it is released ({@link #settle}), by
 * whichever thread finds the queue unclaimed; the others return at once.
 *
 * <p>The job's runs live under a monitor that outlives the agent. What a previous agent left of
 * it is taken over first: a live run is adopted (same pid, run, restarts and start), a run that
 * ended while no agent was attached is reported with its real status (or as lost with its
 * monitor), and the policy goes on from there. An agent that goes away without stopping its jobs
 * ({@link #detach}) leaves the run to its monitor and the record as it is, for the next agent.
 */
final class HostedJob {
    private final String id;
    /** The creation time of the job this is (one job of the id: another waits until this one is gone). */
    private final long created;
    private final JobLauncher launcher;
    private final StateDir state;
    private final HostListener listener;
    private final Consumer<String> diagnostics;
    private final Consumer<HostedJob> onGone;
    private final Thread thread;
    private final PauseLease lease;
    private final HoldPlan holds = new HoldPlan();
    private MonitorJobProcesses.Left left;

    // Guarded by this.
    private DesiredJob desired;
    private boolean closing;
    private boolean detaching;
    private boolean gone;
    private Supervisor current;
    private long currentGeneration;
    private String stopCause = "";
    private JobRecord record;
    private JobReport report;
    private String refusal = "";
    /** What holds the job's processes since it was last launched here (null before), and its cgroup if any. */
    private Isolation isolation;
    private JobCgroup cgroup;
    private final ArrayDeque<Runnable> effects = new ArrayDeque<>();
    private boolean settling;
    private long recordSeq;
    /** Serializes record writes; {@link #recordWritten} is the newest written. */
    private final Object recordFile = new Object();
    private long recordWritten;

    /**
     * @param record what a previous agent left of the job, or a fresh record
     * @param left   what a previous agent left of the job's monitor, or null
     * @param onGone called on the job's thread once it ended (removed, or the host closing)
     */
    HostedJob(DesiredJob job, JobRecord record, MonitorJobProcesses.Left left, JobLauncher launcher, StateDir state,
              HostListener listener, ScheduledExecutorService leaseTimer, Consumer<String> diagnostics,
              Consumer<HostedJob> onGone) {
        this.id = job.id();
        this.created = job.created();
        this.left = left;
        this.desired = job;
        // A refusal is the policy of the agent that made it, not the job's fate: this agent
        // (perhaps started with other options) decides anew.
        this.record = record.finished() == JobState.REFUSED ? record.ended(null) : record;
        this.launcher = launcher;
        this.state = state;
        this.listener = listener;
        this.diagnostics = diagnostics;
        this.onGone = onGone;
        this.lease = new PauseLease(id, state, leaseTimer, System::currentTimeMillis, diagnostics, this::leaseDue,
                this::later);
        this.report = idleReport(wantsRun() ? JobState.STARTING : idleState());
        this.thread = new Thread(this::loop, "dmon-job-" + id);
        thread.setDaemon(true);
    }

    String id() {
        return id;
    }

    void start() {
        synchronized (this) {
            applyHolds();
        }
        settle();
        thread.start();
    }

    /** The new desired state ({@code null}: removed from the host); false when the job is already gone. */
    boolean desire(DesiredJob job) {
        synchronized (this) {
            if (gone) {
                return false;
            }
            desired = job;
            applyHolds();
            stopIfUnwanted();
            notifyAll();
        }
        settle();
        return true;
    }

    /** The agent is stopping: stop the job (TERM, grace, KILL) and end the thread. */
    void shutdown() {
        synchronized (this) {
            closing = true;
            stopIfUnwanted();
            notifyAll();
        }
        settle();
    }

    /**
     * The agent goes away and leaves the job running: the supervisor lets go of it (nothing is
     * stopped), its monitor carries on alone, and the record stays as it is for the next agent.
     */
    void detach() {
        Supervisor s;
        synchronized (this) {
            detaching = true;
            closing = true;
            s = current;
            notifyAll();
        }
        if (s != null) {
            s.abandon();
        }
    }

    /** Queues a write or a listener call until the lock is released (guarded). */
    private void later(Runnable effect) {
        effects.add(effect);
    }

    /**
     * Performs the queued effects in order, outside the lock; call after every guarded section.
     * When another thread is at it already, returns at once: that thread takes these too.
     */
    private void settle() {
        synchronized (this) {
            if (settling) {
                return;
            }
            settling = true;
        }
        for (;;) {
            Runnable next;
            synchronized (this) {
                next = effects.poll();
                if (next == null) {
                    settling = false;
                    return;
                }
            }
            next.run();
        }
    }

    /** Waits for the thread to end; false when it did not in time. */
    boolean join(Duration max) throws InterruptedException {
        thread.join(Math.max(1, max.toMillis()));
        return !thread.isAlive();
    }

    /** Sends an operator's signal to the running command; false when no run is live. */
    synchronized boolean signal(int signal) {
        if (current == null) {
            return false;
        }
        current.signalCommand(signal);
        return true;
    }

    /** The desired state, null once removed. */
    synchronized DesiredJob desired() {
        return desired;
    }

    synchronized JobReport report() {
        return report;
    }

    private void loop() {
        try {
            MonitorJobProcesses.Left found;
            synchronized (this) {
                found = left;
                left = null;
            }
            if (found != null) {
                runRecovered(found);
            }
            for (;;) {
                DesiredJob job;
                synchronized (this) {
                    while (!closing && desired != null && !wantsRun()) {
                        publishIdle(idleState());
                        if (!effects.isEmpty()) {
                            break;
                        }
                        wait();
                    }
                    job = desired;
                    if (closing || job == null || !wantsRun()) {
                        job = null;
                    } else {
                        stopCause = "";
                    }
                }
                settle();
                if (job == null) {
                    synchronized (this) {
                        if (closing || desired == null) {
                            break;
                        }
                    }
                    continue;
                }
                runGeneration(job);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            synchronized (this) {
                gone = true;
                lease.cancel();
            }
            settle();
            onGone.accept(this);
        }
    }

    private void runGeneration(DesiredJob job) throws InterruptedException {
        RunListener events;
        JobRecord begun = null;
        long begunSeq = 0;
        synchronized (this) {
            if (job.once()) {
                begun = record.starting(job.generation()).beginning();
                record = begun;
                begunSeq = ++recordSeq;
            } else {
                save(record.starting(job.generation()));
            }
            events = new RunListener(job.generation(), record.run(), record.restarts());
        }
        settle();
        // Durably before the spawn: an agent that dies from here on never runs this generation again.
        if (begun != null && !writeRecord(begun, begunSeq)) {
            notStarted(JobState.FAILED, "a -1 job starts only once its runtime record says so, and it could not be written");
            return;
        }
        JobLauncher.Launched launched;
        try {
            launched = launcher.launch(job, events.runBase, events, this::monitorAt);
        } catch (LaunchException e) {
            notStarted(e.refused() ? JobState.REFUSED : JobState.FAILED, e.getMessage());
            return;
        }
        supervise(launched, events, job.generation());
    }

    /**
     * Takes over what a previous agent left of the job's monitor, before anything else: a run to
     * adopt is supervised on as the generation it belongs to (a job since stopped, restarted or
     * removed is then stopped the usual way); a gone monitor's last lines are taken. A job this
     * agent cannot run any more has what was left ended; the loop then says why.
     */
    private void runRecovered(MonitorJobProcesses.Left found) throws InterruptedException {
        DesiredJob job;
        JobRecord r;
        synchronized (this) {
            job = desired;
            r = record;
        }
        RunListener events = new RunListener(r.generation(), r.run(), 0);
        JobLauncher.Launched launched;
        try {
            launched = launcher.launch(job, r.run(), events, this::monitorAt);
        } catch (LaunchException e) {
            try {
                launcher.leftovers(id, this::monitorAt).takeOver(found, false);
            } catch (IOException io) {
                diagnostics.accept("job " + id + ": ending what the previous agent left: " + io.getMessage());
            }
            return;
        }
        AdoptedRun adopted = null;
        try {
            adopted = launched.processes().takeOver(found, true);
        } catch (IOException e) {
            diagnostics.accept("job " + id + ": taking over its monitor: " + e.getMessage());
        }
        if (adopted == null) {
            closeStatusFile(launched);
            launched.processes().closeOutput();
            launched.processes().release();
            return;
        }
        events.runBase = adopted.run() - 1;
        events.adopted = adopted;
        events.endedUnseen = adopted.process() instanceof MonitorRun run && run.ended();
        launched.supervisor().adopt(adopted);
        supervise(launched, events, r.generation());
    }

    /** Runs one supervisor of {@code generation} until it ends, or lets go of the job when the agent detaches. */
    private void supervise(JobLauncher.Launched launched, RunListener events, long generation)
            throws InterruptedException {
        Supervisor supervisor = launched.supervisor();
        events.supervisor = supervisor;
        synchronized (this) {
            isolation = launched.isolation();
            cgroup = launched.cgroup();
            current = supervisor;
            currentGeneration = generation;
            holds.newSupervisor();
            applyHolds();
            stopIfUnwanted();
            if (detaching) {
                supervisor.abandon();
            }
        }
        settle();
        try {
            supervisor.run();
        } finally {
            closeStatusFile(launched);
            if (supervisor.abandoned()) {
                synchronized (this) {
                    current = null;
                }
                launched.processes().detach();
            } else {
                JobState end = supervisor.state();
                synchronized (this) {
                    current = null;
                    save(record.ended(end == JobState.COMPLETED || end == JobState.FAILED ? end : null));
                }
                settle();
            }
        }
    }

    private void closeStatusFile(JobLauncher.Launched launched) {
        try {
            launched.statusFile().close();
        } catch (IOException e) {
            diagnostics.accept("job " + id + ": closing its status file: " + e.getMessage());
        }
    }

    /**
     * Writes down the job's monitor now, before it is started or its lines are taken
     * ({@link io.dmon.agent.monitor.MonitorRecords}): an agent that dies at once still leaves it
     * findable.
     */
    private void monitorAt(String name, long base) throws IOException {
        JobRecord r;
        long seq;
        synchronized (this) {
            record = record.withMonitor(name, base);
            r = record;
            seq = ++recordSeq;
        }
        if (!writeRecord(r, seq)) {
            throw new IOException("its runtime record could not be written");
        }
    }

    /**
     * The generation ends without a process: FAILED when it cannot start, REFUSED when this
     * agent's policy forbids it; the reason goes with the event (and with the status, for a refusal).
     */
    private void notStarted(JobState state, String why) {
        diagnostics.accept("job " + id + (state == JobState.REFUSED ? ": refused: " : ": cannot start: ") + why);
        synchronized (this) {
            refusal = state == JobState.REFUSED ? why : "";
            save(record.ended(state));
            JobReport ended = publishIdle(state);
            HostEvent event = new HostEvent(id, new JobEvent(Role.CMD, Kind.STATE, 0, 0, record.run(), state, false),
                    ended.updatedUnixMs(), why, created);
            later(() -> listener.event(event));
        }
        settle();
    }

    /**
     * Brings the holds in line with the desired state: follows its pause, sends the live
     * supervisor what changed (nothing is released for a removed job: its stop wakes it), and
     * reports the new holds (guarded).
     */
    private void applyHolds() {
        lease.follow(desired != null ? desired.pause() : null);
        if (current != null && desired != null) {
            holds.send(current, HoldPlan.wanted(desired.gates(), lease.holds()));
        }
        JobReport r = new JobReport(id, report.generation(), report.snapshot(), System.currentTimeMillis(),
                holdsOf(report.snapshot()), report.refusal(), report.holding(), created);
        if (!r.holds().equals(report.holds())) {
            report = r;
            later(() -> listener.status(r));
        }
    }

    /** The lease timer fired: ends the pause when its lease ran out, says so, releases the job. */
    private void leaseDue() {
        synchronized (this) {
            if (gone || closing) {
                return;
            }
            OperatorPause ended = lease.expire();
            if (ended == null) {
                return;
            }
            JobSnapshot s = report.snapshot();
            // Said before the release is sent, so the event comes before the job's RESUME.
            HostEvent expired = new HostEvent(id, new JobEvent(Role.CMD, Kind.LEASE_EXPIRED, s.pid(), 0, s.run(),
                    s.state(), false), System.currentTimeMillis(), PauseLease.endedCause(ended), created);
            later(() -> listener.event(expired));
            applyHolds();
        }
        settle();
    }

    /** What holds the job and what it used, or null before it was launched here (guarded). */
    private JobHolding holding(CgroupUsage usage) {
        return isolation == null ? null : JobHolding.of(isolation, usage);
    }

    /** What the job's cgroup counted so far, or null without one (guarded). */
    private CgroupUsage usage() {
        return cgroup == null ? null : cgroup.usage();
    }

    /**
     * Reports the job again when its cgroup's counters moved, so ps shows CPU and memory of now
     * rather than of the job's last change.
     */
    void refreshUsage() {
        synchronized (this) {
            if (cgroup == null || current == null || report == null || report.snapshot().state().terminal()) {
                return;
            }
            JobHolding h = holding(usage());
            if (h.equals(report.holding())) {
                return;
            }
            JobReport r = new JobReport(id, report.generation(), report.snapshot(), System.currentTimeMillis(),
                    report.holds(), report.refusal(), h, created);
            report = r;
            later(() -> listener.status(r));
        }
        settle();
    }

    /** The holds to report with {@code s}: none for a job not meant to run (guarded). */
    private List<JobHold> holdsOf(JobSnapshot s) {
        if (s.state().terminal() || desired == null) {
            return List.of();
        }
        return holds.inForce(HoldPlan.wanted(desired.gates(), lease.holds()), s.holds(), lease,
                System.currentTimeMillis());
    }

    /** Asks the live supervisor to stop when the job should no longer run it (guarded). */
    private void stopIfUnwanted() {
        if (current == null || !stopCause.isEmpty() || detaching) {
            return;
        }
        if (closing) {
            stopCause = "agent stopping";
        } else if (desired == null) {
            stopCause = "removed";
        } else if (desired.stopped()) {
            stopCause = "stopped";
        } else if (desired.generation() > currentGeneration) {
            stopCause = "restart";
        } else {
            return;
        }
        current.requestStop();
    }

    private boolean wantsRun() {
        return !desired.stopped() && !record.finishedAt(desired.generation());
    }

    private JobState idleState() {
        return desired != null && record.finishedAt(desired.generation()) ? record.finished() : JobState.STOPPED;
    }

    /** Reports the job as having no process, unless it already says the same (guarded). */
    private JobReport publishIdle(JobState idle) {
        JobReport r = idleReport(idle);
        if (!r.snapshot().equals(report.snapshot()) || r.generation() != report.generation()
                || !r.holds().equals(report.holds()) || !r.refusal().equals(report.refusal())) {
            report = r;
            later(() -> listener.status(r));
        }
        return report;
    }

    private JobReport idleReport(JobState idle) {
        long generation = idle == JobState.STARTING || record.finished() == null ? desired.generation()
                : record.generation();
        JobSnapshot s = new JobSnapshot(idle, 0, record.run(), record.restarts(), 0, 0, record.lastExitStatus(), Set.of());
        return new JobReport(id, generation, s, System.currentTimeMillis(), holdsOf(s),
                idle == JobState.REFUSED ? refusal : "", holding(null), created);
    }

    /** Takes the new record now and writes it once the lock is released (guarded). */
    private void save(JobRecord r) {
        record = r;
        long seq = ++recordSeq;
        later(() -> writeRecord(r, seq));
    }

    /**
     * Writes {@code r} unless a newer record was written already (effects of two threads may
     * interleave, and an older record must never overwrite a -1 job's "begun"); false (said
     * once here) when it could not be written.
     */
    private boolean writeRecord(JobRecord r, long seq) {
        synchronized (recordFile) {
            if (seq <= recordWritten) {
                return true;
            }
            try {
                state.writeRecord(r);
                recordWritten = seq;
                return true;
            } catch (IOException e) {
                diagnostics.accept("job " + id + ": cannot save its runtime record: " + e.getMessage());
                return false;
            }
        }
    }

    /** Renumbers one supervisor's events over the job's life, records its processes, passes them on. */
    private final class RunListener implements JobEvent.Listener {
        private final long generation;
        private int runBase;
        private final int restartsBase;
        private Supervisor supervisor;
        private Set<String> lastHolds = Set.of();
        /** The run this supervisor took over, and whether it had ended before (set before it runs). */
        private AdoptedRun adopted;
        private boolean endedUnseen;

        RunListener(long generation, int runBase, int restartsBase) {
            this.generation = generation;
            this.runBase = runBase;
            this.restartsBase = restartsBase;
        }

        @Override
        public void onEvent(JobEvent e) {
            long now = System.currentTimeMillis();
            JobSnapshot s = supervisor.snapshot();
            JobSnapshot shown = new JobSnapshot(s.state(), s.pid(), runBase + s.run(), restartsBase + s.restarts(),
                    s.runStartedAtMs(), s.startTime(), s.lastStatus(), s.holds());
            JobEvent event = new JobEvent(e.role(), e.kind(), e.pid(), e.value(), runBase + e.run(), e.state(),
                    e.afterStop());
            // Not reaped yet (its waiter starts after this event), so the pid is still this process.
            long logStartTime = e.kind() == Kind.START && e.role() == Role.LOG
                    ? ProcStat.read(e.pid()).map(ProcStat::startTime).orElse(0L) : 0;
            synchronized (HostedJob.this) {
                track(event, shown, logStartTime);
                JobReport r = new JobReport(id, generation, shown, now, holdsOf(shown), "", holding(usage()), created);
                report = r;
                String cause = e.kind() == Kind.PAUSE ? String.join(",", s.holds())
                        : e.kind() == Kind.RESUME ? String.join(",", lastHolds)
                        : e.kind() == Kind.STOP && e.role() == Role.CMD ? stopCause
                        : adoptionCause(event);
                lastHolds = s.holds();
                // A start is stamped with the run's own start (its monitor's moment), which the
                // coordinators take as the run's start: every agent then reports the same uptime.
                long at = e.kind() == Kind.START && e.role() == Role.CMD && s.runStartedAtMs() > 0 ? s.runStartedAtMs()
                        : now;
                if (e.kind() != Kind.HOLD) {
                    later(() -> listener.event(new HostEvent(id, event, at, cause, created)));
                }
                later(() -> listener.status(r));
            }
            settle();
        }

        /** What the events of a run taken over, or lost, say beside themselves. */
        private String adoptionCause(JobEvent e) {
            boolean adoptedRun = adopted != null && e.role() == Role.CMD && e.run() == adopted.run();
            if (adoptedRun && e.kind() == Kind.STATE && e.pid() != 0 && !endedUnseen) {
                return "re-attached, running since " + Instant.ofEpochMilli(adopted.startedAtMs());
            }
            if (adoptedRun && endedUnseen && (e.kind() == Kind.EXIT || e.kind() == Kind.LOST)) {
                return e.kind() == Kind.LOST ? "lost with its monitor while no agent was attached"
                        : "ended while no agent was attached";
            }
            return e.kind() == Kind.LOST ? "its monitor is gone" : "";
        }

        /**
         * Keeps the processes in the runtime record (guarded): the live run's pid from its start
         * (or its adoption) until its end was seen, so that a restarted agent knows whether an
         * end still has to be reported; the log command's, so that it can find it.
         */
        private void track(JobEvent e, JobSnapshot shown, long logStartTime) {
            if (e.role() == Role.CMD && (e.kind() == Kind.START || e.kind() == Kind.STATE && e.pid() != 0
                    && adopted != null && e.run() == adopted.run() && record.pid() != e.pid())) {
                save(record.withCommand(e.pid(), shown.startTime())
                        .withProgress(shown.run(), shown.restarts(), shown.lastStatus()));
            } else if (e.kind() == Kind.START) {
                save(record.withLog(e.pid(), logStartTime));
            } else if ((e.kind() == Kind.EXIT || e.kind() == Kind.LOST) && e.role() == Role.CMD) {
                save(record.withCommand(0, 0).withProgress(shown.run(), shown.restarts(), shown.lastStatus()));
            }
        }
    }
}
