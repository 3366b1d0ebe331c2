package io.dmon.agent.supervise;

import io.dmon.agent.load.LoadGate;
import io.dmon.agent.load.LoadSource;
import io.dmon.agent.process.ChildProcess;
import io.dmon.agent.process.ExitStatus;
import io.dmon.agent.process.PosixException;
import io.dmon.agent.process.Signals;
import io.dmon.agent.supervise.JobEvent.Kind;
import io.dmon.agent.supervise.JobEvent.Role;
import java.io.IOException;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Supervises one job: its command and optional log command. One thread ({@link #run()}) owns all
 * state and takes one message at a time from a queue; process exits, signals and operator
 * requests arrive as messages, timers as the queue's poll timeout. Every transition happens in
 * {@link #handle} or the timer section of the loop, nowhere else.
 *
 * <p>Pausing is a set of holds (the local load gate, later operators and fleet gates): the job is
 * paused while any hold remains. A paused job's whole process group is stopped; a run due while
 * a hold remains does not start until the holds are gone (DMon would start it and leave it
 * running under high load while believing it paused).
 */
public final class Supervisor {
    /** The hold name of dmon's own -L/-l gate. */
    public static final String LOAD_HOLD = "load";
    private static final long SECOND = 1_000_000_000L;
    private static final long NEVER = Long.MAX_VALUE;
    private static final int MAX_DRAIN_RESTARTS = 10;
    private static final long TERMINAL_SETTLE_NANOS = 200_000_000L;

    private final SupervisorSettings settings;
    private final JobProcesses processes;
    private final RestartPolicy policy;
    private final LoadSource loadSource;
    private final LoadGate loadGate;
    private final JobEvent.Listener listener;
    private final LongSupplier clock;
    private final LinkedBlockingQueue<Message> inbox = new LinkedBlockingQueue<>();

    private volatile JobState state = JobState.STARTING;
    private final Set<String> holds = new TreeSet<>();
    private ChildProcess cmd;
    private int run;
    private int respawns;
    private long runStartedAt;
    private long runStartedAtMs;
    private long pausedSince = -1;
    private long pausedTotal;
    private boolean timedOut;
    private long startDueAt = NEVER;
    private long cmdKillAt = NEVER;
    private long nextLoadSampleAt = NEVER;
    private ExitStatus lastStatus;
    private boolean stopping;
    private JobState finalState;
    private ChildProcess log;
    private long logStartedAt;
    private long logStartDueAt = NEVER;
    private long logKillAt = NEVER;
    private long logTermAt = NEVER;
    private boolean logStopping;
    private int drainRestarts;
    private boolean outputClosed;
    private int lastExecErrno;
    private int lastLogExecErrno;

    public Supervisor(SupervisorSettings settings, JobProcesses processes, LoadSource loadSource,
                      JobEvent.Listener listener, LongSupplier nanoClock) {
        this.settings = settings;
        this.processes = processes;
        this.policy = new RestartPolicy(settings.once(), settings.maxRespawns(), settings.intervalNanos());
        this.loadSource = loadSource;
        this.loadGate = settings.loadHigh() > 0 ? new LoadGate(settings.loadHigh(), settings.loadLow()) : null;
        this.listener = listener;
        this.clock = nanoClock;
    }

    private volatile JobSnapshot snapshot = new JobSnapshot(JobState.STARTING, 0, 0, 0, 0, 0, -1, Set.of());

    /** The job's state, readable from any thread. */
    public JobState state() {
        return state;
    }

    /** The job's state, process and counters, readable from any thread. */
    public JobSnapshot snapshot() {
        return snapshot;
    }

    /** Asks for a graceful stop (TERM, then KILL after the grace period); any thread. */
    public void requestStop() {
        inbox.add(new Message.Stop());
    }

    /** A signal dmon itself received; forwarded per -s/-S, TERM and INT stop. Any thread. */
    public void signalReceived(int signal) {
        if (signal == Signals.TERM || signal == Signals.INT) {
            requestStop();
        } else {
            inbox.add(new Message.Forward(signal));
        }
    }

    /**
     * Sends a signal to the command alone, whatever {@code -s} says: an operator's explicit
     * signal to the job (dmon's own signals go through {@link #signalReceived}). Any thread.
     */
    public void signalCommand(int signal) {
        inbox.add(new Message.SignalCommand(signal));
    }

    /**
     * Adds or removes a named hold (pause reason); any thread. Holds asked for before {@link #run()}
     * are in force before it starts anything: a job held from the start spawns nothing (PAUSED).
     */
    public void setHold(String reason, boolean held) {
        inbox.add(new Message.Hold(reason, held));
    }

    /**
     * Runs the job until it completes, fails or is stopped, then returns the exit status dmon should
     * end with: the command's last exit code when it exited normally, 1 otherwise.
     */
    public int run() throws InterruptedException {
        takeEarlyHolds();
        long now = clock.getAsLong();
        if (loadGate != null) {
            nextLoadSampleAt = now;
            sampleLoad(now);
        }
        if (processes.hasLogProcess()) {
            startLog(now);
        }
        startDueAt = now;
        while (!finished()) {
            now = clock.getAsLong();
            runTimers(now);
            if (finished()) {
                break;
            }
            long wait = nextDeadline() - clock.getAsLong();
            Message m = wait <= 0 ? inbox.poll() : inbox.poll(Math.min(wait, 3_600 * SECOND), TimeUnit.NANOSECONDS);
            if (m != null) {
                handle(m, clock.getAsLong());
            }
        }
        processes.release();
        if (lastStatus == null || !lastStatus.isExit()) {
            return 1;
        }
        return lastStatus.exitCode();
    }

    /** The holds queued before the loop ran, so that the first start already obeys them. */
    private void takeEarlyHolds() {
        while (inbox.peek() instanceof Message.Hold h) {
            inbox.poll();
            if (h.held()) {
                holds.add(h.reason());
            } else {
                holds.remove(h.reason());
            }
        }
    }

    private boolean finished() {
        return finalState != null && cmd == null && log == null && logStartDueAt == NEVER && outputClosed;
    }

    private long nextDeadline() {
        long d = NEVER;
        d = Math.min(d, startDueAt);
        d = Math.min(d, cmdKillAt);
        d = Math.min(d, timeoutAt());
        d = Math.min(d, nextLoadSampleAt);
        d = Math.min(d, logStartDueAt);
        d = Math.min(d, logKillAt);
        d = Math.min(d, logTermAt);
        return d;
    }

    private long timeoutAt() {
        if (settings.timeoutNanos() <= 0 || cmd == null || timedOut || stopping || pausedSince >= 0) {
            return NEVER;
        }
        return runStartedAt + pausedTotal + settings.timeoutNanos();
    }

    private void runTimers(long now) {
        if (now >= nextLoadSampleAt) {
            sampleLoad(now);
        }
        if (now >= startDueAt) {
            startDueAt = NEVER;
            if (!stopping && finalState == null) {
                if (holds.isEmpty()) {
                    startRun(now);
                } else {
                    transition(JobState.PAUSED, 0);
                }
            }
        }
        if (now >= timeoutAt()) {
            timedOut = true;
            emit(Role.CMD, Kind.TIMEOUT, cmd.pid(), 0, false);
            terminate(cmd);
            cmdKillAt = now + settings.stopGraceNanos();
        }
        if (now >= cmdKillAt) {
            cmdKillAt = NEVER;
            if (cmd != null) {
                cmd.signalGroup(Signals.KILL);
            }
        }
        if (now >= logStartDueAt) {
            logStartDueAt = NEVER;
            startLog(now);
            if (logStopping && log != null) {
                logTermAt = now + settings.logDrainNanos();
            }
        }
        if (now >= logTermAt) {
            logTermAt = NEVER;
            if (log != null) {
                terminate(log);
                logKillAt = now + settings.stopGraceNanos();
            }
        }
        if (now >= logKillAt) {
            logKillAt = NEVER;
            if (log != null) {
                log.signalGroup(Signals.KILL);
            }
        }
    }

    private void handle(Message m, long now) {
        if (m instanceof Message.CmdExited e) {
            cmdExited(e.child(), e.status(), now);
        } else if (m instanceof Message.LogExited e) {
            logExited(e.child(), e.status(), now);
        } else if (m instanceof Message.Stop) {
            stop(now);
        } else if (m instanceof Message.Forward f) {
            forward(f.signal());
        } else if (m instanceof Message.Hold h) {
            hold(h.reason(), h.held(), now);
        } else if (m instanceof Message.SignalCommand s && cmd != null && s.signal() > 0) {
            emit(Role.CMD, Kind.SIGNAL, cmd.pid(), s.signal(), false);
            cmd.signal(s.signal());
        }
    }

    private void startRun(long now) {
        run++;
        try {
            cmd = processes.startCommand(run);
        } catch (IOException e) {
            // No process could be created at all (fork failed): retry like a run that died at once.
            System.err.println("dmon: cannot start the command: " + e.getMessage());
            cmd = null;
            startDueAt = now + SECOND;
            transition(JobState.EXITED, 0);
            return;
        }
        runStartedAt = now;
        runStartedAtMs = System.currentTimeMillis();
        pausedSince = -1;
        pausedTotal = 0;
        timedOut = false;
        lastExecErrno = reportExecFailure(cmd, lastExecErrno, "'" + settings.commandName() + "'");
        emitInto(JobState.RUNNING, Role.CMD, Kind.START, cmd.pid(), 0, false);
        watch(cmd, Role.CMD);
    }

    private void cmdExited(ChildProcess child, ExitStatus status, long now) {
        if (child != cmd) {
            return;
        }
        cmd = null;
        cmdKillAt = NEVER;
        lastStatus = status;
        RestartPolicy.Decision d = stopping ? null : policy.decide(status, now - runStartedAt, respawns);
        emitInto(stopping ? JobState.STOPPED : d.respawn() ? JobState.EXITED : d.next(),
                Role.CMD, Kind.EXIT, child.pid(), status.raw(), stopping);
        if (child.groupLeader()) {
            // Leftovers of the run (an sh -c's background children) must not outlive it unsupervised.
            child.signalGroup(Signals.TERM);
            child.signalGroup(Signals.CONT);
        }
        pausedSince = -1;
        if (stopping) {
            finish(JobState.STOPPED);
            return;
        }
        if (d.respawn()) {
            respawns++;
            startDueAt = now + d.delayNanos();
            if (!child.groupLeader() && status.isSignal()
                    && (status.signal() == Signals.INT || status.signal() == Signals.QUIT)) {
                // On a terminal the command shares our group: Ctrl-C reached us too, and our own
                // SIGINT may still be on its way. Give it a moment instead of respawning first.
                startDueAt = Math.max(startDueAt, now + TERMINAL_SETTLE_NANOS);
            }
            transition(JobState.EXITED, 0);
        } else {
            finish(d.next());
        }
    }

    private void finish(JobState end) {
        finalState = end;
        startDueAt = NEVER;
        transition(end, 0);
        closeOutputAndLog();
    }

    /** After the command is gone for good: drain its output, then end the log command gently. */
    private void closeOutputAndLog() {
        try {
            processes.awaitOutputDrained(settings.drainMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        logStopping = true;
        if (log == null && !processes.logInputPending()) {
            logStartDueAt = NEVER;
        }
        if (log != null) {
            emit(Role.LOG, Kind.STOP, log.pid(), 0, false);
        }
        processes.closeOutput();
        outputClosed = true;
        if (log != null) {
            // EOF first lets the log command write what it has; TERM only when it does not exit by itself.
            logTermAt = clock.getAsLong() + settings.logDrainNanos();
        }
    }

    private void stop(long now) {
        if (stopping) {
            return;
        }
        stopping = true;
        startDueAt = NEVER;
        if (cmd != null) {
            emit(Role.CMD, Kind.STOP, cmd.pid(), 0, false);
            terminate(cmd);
            cmdKillAt = now + settings.stopGraceNanos();
        } else if (finalState == null) {
            finish(JobState.STOPPED);
        }
    }

    private void forward(int signal) {
        if (signal == 0) {
            return;
        }
        if (settings.cmdSigs() && cmd != null) {
            emit(Role.CMD, Kind.SIGNAL, cmd.pid(), signal, false);
            cmd.signal(signal);
        }
        if (settings.logSigs() && log != null) {
            emit(Role.LOG, Kind.SIGNAL, log.pid(), signal, false);
            log.signal(signal);
        }
    }

    private void hold(String reason, boolean held, long now) {
        boolean wasHeld = !holds.isEmpty();
        boolean changed = held ? holds.add(reason) : holds.remove(reason);
        if (!changed) {
            return;
        }
        boolean isHeld = !holds.isEmpty();
        if (wasHeld != isHeld && !stopping && finalState == null) {
            if (isHeld && cmd != null) {
                cmd.signalGroup(Signals.STOP);
                pausedSince = now;
                emitInto(JobState.PAUSED, Role.CMD, Kind.PAUSE, cmd.pid(), 0, false);
                return;
            } else if (!isHeld && cmd != null && pausedSince >= 0) {
                cmd.signalGroup(Signals.CONT);
                pausedTotal += now - pausedSince;
                pausedSince = -1;
                emitInto(JobState.RUNNING, Role.CMD, Kind.RESUME, cmd.pid(), 0, false);
                return;
            } else if (!isHeld && cmd == null && state == JobState.PAUSED) {
                startRun(now);
                return;
            }
        }
        // The reasons changed but not the state (one hold for another, or no process yet): say so
        // anyway, for whoever reports the holds.
        emit(Role.CMD, Kind.HOLD, cmd == null ? 0 : cmd.pid(), 0, false);
    }

    private void sampleLoad(long now) {
        nextLoadSampleAt = now + SECOND;
        try {
            boolean closed = loadGate.update(loadSource.load1());
            if (closed != holds.contains(LOAD_HOLD)) {
                hold(LOAD_HOLD, closed, now);
            }
        } catch (IOException e) {
            // A missing load file leaves the gate as it was, like DMon's failed getloadavg().
        }
    }

    private void startLog(long now) {
        try {
            log = processes.startLog();
        } catch (IOException e) {
            System.err.println("dmon: cannot start the log command: " + e.getMessage());
            log = null;
            logStartDueAt = now + SECOND;
            return;
        }
        logStartedAt = now;
        lastLogExecErrno = reportExecFailure(log, lastLogExecErrno, "log command '" + settings.logCommandName() + "'");
        emit(Role.LOG, Kind.START, log.pid(), 0, false);
        watch(log, Role.LOG);
    }

    private void logExited(ChildProcess child, ExitStatus status, long now) {
        if (child != log) {
            return;
        }
        log = null;
        logKillAt = NEVER;
        logTermAt = NEVER;
        // A log command that cannot run (exit before exec) must not hold dmon up: bounded retries.
        boolean pending = logStopping && child.execErrno() == 0 && drainRestarts < MAX_DRAIN_RESTARTS
                && processes.logInputPending();
        if (pending) {
            drainRestarts++;
        }
        emit(Role.LOG, Kind.EXIT, child.pid(), status.raw(), logStopping && !pending);
        if (!logStopping || pending) {
            // While stopping too: lines still in the pipe would be lost, so a log command that died
            // before reading them all runs once more to take them (DMon loses them).
            logStartDueAt = now + (now - logStartedAt < SECOND ? SECOND : 0);
        }
    }

    /**
     * Says once why a program cannot run (it is respawned every second, like DMon's, and the same
     * error each time would flood the log); returns the errno to compare the next start with.
     */
    private static int reportExecFailure(ChildProcess child, int previousErrno, String what) {
        int errno = child.execErrno();
        if (errno != 0 && errno != previousErrno) {
            System.err.println("dmon: cannot execute " + what + ": " + io.dmon.agent.process.Posix.describeErrno(errno));
        }
        return errno;
    }

    /** TERM then CONT, to the whole group: a stopped process must wake up to die. */
    private static void terminate(ChildProcess child) {
        child.signalGroup(Signals.TERM);
        child.signalGroup(Signals.CONT);
    }

    private void watch(ChildProcess child, Role role) {
        Thread t = new Thread(() -> {
            ExitStatus status;
            try {
                status = child.waitFor();
            } catch (PosixException e) {
                status = ExitStatus.exited(111);
            }
            inbox.add(role == Role.CMD ? new Message.CmdExited(child, status) : new Message.LogExited(child, status));
        }, "dmon-wait-" + role.name().toLowerCase(java.util.Locale.ROOT) + "-" + child.pid());
        t.setDaemon(true);
        t.start();
    }

    private void transition(JobState next, int pid) {
        if (state != next) {
            state = next;
            emit(Role.CMD, Kind.STATE, pid, 0, false);
        }
    }

    /**
     * An event that moves the job to {@code next}: it carries the state after it (what an operator
     * reading "cmd exit 4242 256 (EXITED)" expects), and no STATE event follows for the same move.
     */
    private void emitInto(JobState next, Role role, Kind kind, int pid, int value, boolean afterStop) {
        state = next;
        emit(role, kind, pid, value, afterStop);
    }

    private void emit(Role role, Kind kind, int pid, int value, boolean afterStop) {
        snapshot = new JobSnapshot(state, cmd == null ? 0 : cmd.pid(), run, respawns,
                cmd == null ? 0 : runStartedAtMs, cmd == null ? 0 : cmd.startTime(),
                lastStatus == null ? -1 : lastStatus.raw(),
                Collections.unmodifiableSortedSet(new TreeSet<>(holds)));
        listener.onEvent(new JobEvent(role, kind, pid, value, run, state, afterStop));
    }

    /** What the loop reacts to, besides its timers. */
    private sealed interface Message {
        record CmdExited(ChildProcess child, ExitStatus status) implements Message { }

        record LogExited(ChildProcess child, ExitStatus status) implements Message { }

        record Stop() implements Message { }

        record Forward(int signal) implements Message { }

        record Hold(String reason, boolean held) implements Message { }

        record SignalCommand(int signal) implements Message { }
    }
}
