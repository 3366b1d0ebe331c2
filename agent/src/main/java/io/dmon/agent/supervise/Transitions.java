package io.dmon.agent.supervise;

import io.dmon.agent.process.ExitStatus;
import io.dmon.agent.process.Signals;
import io.dmon.agent.supervise.JobEvent.Kind;
import io.dmon.agent.supervise.JobEvent.Role;
import io.dmon.agent.supervise.SupervisorAction.Arm;
import io.dmon.agent.supervise.SupervisorAction.CloseOutput;
import io.dmon.agent.supervise.SupervisorAction.Disarm;
import io.dmon.agent.supervise.SupervisorAction.DrainOutput;
import io.dmon.agent.supervise.SupervisorAction.Emit;
import io.dmon.agent.supervise.SupervisorAction.ReadLoad;
import io.dmon.agent.supervise.SupervisorAction.ReadPressure;
import io.dmon.agent.supervise.SupervisorAction.Signal;
import io.dmon.agent.supervise.SupervisorAction.StartCommand;
import io.dmon.agent.supervise.SupervisorAction.StartLog;
import io.dmon.agent.supervise.SupervisorAction.Warn;
import io.dmon.agent.supervise.SupervisorAction.Watch;
import io.dmon.agent.supervise.SupervisorEvent.Timer;
import io.dmon.agent.supervise.SupervisorState.Phase;
import io.dmon.agent.load.PressureSample;
import io.dmon.spec.PressureMark;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;

/**
 * The supervisor's rules as one pure function: a state and an event give the next state and the
 * actions to perform, in order. No process, clock or file is touched here; the driver
 * ({@link Supervisor}) performs the actions and turns their results back into events.
 *
 * An event that moves the job (START, EXIT, PAUSE, RESUME) carries the state it leads to, and no
 * separate STATE event follows; a plain "state X" change emits STATE X.
 *
 * <pre>
 * event            state / condition                   actions
 * Begin            initial                             [read load], [read pressure], arm START now,
 *                                                      [arm LOG_START now]
 * Adopt            initial, no holds                   [read load], [read pressure], [arm LOG_START now],
 *                                                      [CONT group if stopped], state RUNNING, watch cmd,
 *                                                      [arm TIMEOUT from its start]
 *                  initial, held (a stopped run counts [read load], [read pressure], [arm LOG_START now],
 *                  as held by -L and -P until read)    [STOP group unless stopped], state PAUSED, watch cmd
 * Fired START      ACTIVE, no holds                    start cmd run+1
 *                  ACTIVE, held                        state PAUSED
 * CmdStarted       ACTIVE, no cmd                      [warn exec errno], emit START into RUNNING,
 *                                                      watch cmd, [arm TIMEOUT]
 * CmdStartFailed   ACTIVE, no cmd                      warn, arm START +1s, state EXITED
 * Fired TIMEOUT    cmd running, not paused/stopping    emit TIMEOUT, TERM+CONT group, arm CMD_KILL
 * Fired CMD_KILL   cmd live                            KILL group
 * CmdExited        STOPPING                            emit EXIT into STOPPED after stop, TERM+CONT leftovers, end
 *                  ACTIVE, policy respawns             emit EXIT into EXITED, TERM+CONT leftovers,
 *                                                      arm START +delay
 *                  ACTIVE, policy ends                 emit EXIT into COMPLETED|FAILED, TERM+CONT leftovers, end
 * CmdLost          as CmdExited (a kill), emitting LOST: a -1 job ends FAILED (its outcome is unknown)
 * Stop             ACTIVE, cmd live                    phase STOPPING, emit STOP, TERM+CONT group, arm CMD_KILL
 *                  ACTIVE, no cmd                      end STOPPED
 * Hold             ACTIVE, first hold, cmd live        STOP group, emit PAUSE into PAUSED
 *                  ACTIVE, last hold gone, cmd paused  CONT group, emit RESUME into RUNNING, [arm TIMEOUT]
 *                  ACTIVE, last hold gone, PAUSED idle start cmd run+1
 *                  otherwise, holds changed            emit HOLD
 * Fired LOAD_SAMPLE -                                  read load
 * LoadRead         gate flips                          arm LOAD_SAMPLE +1s, then as Hold "load"
 * Fired PRESSURE_SAMPLE -                              read pressure
 * PressureRead     with -P                             arm PRESSURE_SAMPLE +1s, then for each mark whose
 *                                                      metric was read and whose gate flips: as Hold
 *                                                      "pressure METRIC" (held while the hold is there:
 *                                                      over high to close, at or below low to open)
 * Forward          per -s / -S                         emit SIGNAL, signal cmd / log
 * SignalCommand    cmd live                            emit SIGNAL, signal cmd
 * LogStarted       no log process                      [warn exec errno], emit LOG START, watch log,
 *                                                      [CLOSED: arm LOG_TERM]
 * LogStartFailed   no log process                      warn, arm LOG_START +1s
 * LogExited        not CLOSED, or lines left in pipe   emit LOG EXIT, arm LOG_START (+1s if it lived &lt; 1s)
 *                  CLOSED, nothing left                emit LOG EXIT after stop
 * Fired LOG_START  start due, no log process           start log
 * OutputDrained    DRAINING                            phase CLOSED, [emit LOG STOP], close output,
 *                                                      [arm LOG_TERM]
 * Fired LOG_TERM   log live                            TERM+CONT log group, arm LOG_KILL
 * Fired LOG_KILL   log live                            KILL log group
 * (end X)          = disarm START, state X, phase DRAINING, drain output
 * </pre>
 */
public final class Transitions {
    /** The hold name of dmon's own -L/-l gate. */
    static final String LOAD_HOLD = Supervisor.LOAD_HOLD;
    static final long SECOND = 1_000_000_000L;
    static final int MAX_DRAIN_RESTARTS = 10;
    static final long TERMINAL_SETTLE_NANOS = 200_000_000L;

    private final SupervisorSettings settings;
    private final RestartPolicy policy;
    private final boolean hasLogProcess;

    /** @param hasLogProcess the log command runs as a process of its own (not in-process, not none) */
    public Transitions(SupervisorSettings settings, boolean hasLogProcess) {
        this.settings = settings;
        this.policy = new RestartPolicy(settings.once(), settings.maxRespawns(), settings.intervalNanos());
        this.hasLogProcess = hasLogProcess;
    }

    /** The next state and its actions. */
    public record Step(SupervisorState state, List<SupervisorAction> actions) {
    }

    /** What {@code event} does to a job in {@code state} at monotonic time {@code now}. */
    public Step apply(SupervisorState state, SupervisorEvent event, long now) {
        var t = new Stepper(state, now);
        if (event instanceof SupervisorEvent.Begin e) {
            t.begin(e.holds());
        } else if (event instanceof SupervisorEvent.Adopt e) {
            t.adopt(e);
        } else if (event instanceof SupervisorEvent.Fired e) {
            t.fired(e.timer());
        } else if (event instanceof SupervisorEvent.CmdStarted e) {
            t.cmdStarted(e.proc(), e.nowMs());
        } else if (event instanceof SupervisorEvent.CmdStartFailed e) {
            t.cmdStartFailed(e.reason());
        } else if (event instanceof SupervisorEvent.CmdExited e) {
            t.cmdExited(e.serial(), e.status(), false);
        } else if (event instanceof SupervisorEvent.CmdLost e) {
            t.cmdExited(e.serial(), ExitStatus.killed(Signals.KILL), true);
        } else if (event instanceof SupervisorEvent.LogStarted e) {
            t.logStarted(e.proc());
        } else if (event instanceof SupervisorEvent.LogStartFailed e) {
            t.logStartFailed(e.reason());
        } else if (event instanceof SupervisorEvent.LogExited e) {
            t.logExited(e.serial(), e.status(), e.inputPending());
        } else if (event instanceof SupervisorEvent.LoadRead e) {
            t.loadRead(e.load1(), e.readable());
        } else if (event instanceof SupervisorEvent.PressureRead e) {
            t.pressureRead(e.sample());
        } else if (event instanceof SupervisorEvent.OutputDrained e) {
            t.outputDrained(e.logInputPending());
        } else if (event instanceof SupervisorEvent.Stop) {
            t.stop();
        } else if (event instanceof SupervisorEvent.Forward e) {
            t.forward(e.signal());
        } else if (event instanceof SupervisorEvent.SignalCommand e) {
            t.signalCommand(e.signal());
        } else if (event instanceof SupervisorEvent.Hold e) {
            t.hold(e.reason(), e.held());
        }
        return new Step(t.s, List.copyOf(t.actions));
    }

    /** One application of the rules: the state as it changes and the actions gathered. */
    private final class Stepper {
        private SupervisorState s;
        private final long now;
        private final List<SupervisorAction> actions = new ArrayList<>();

        Stepper(SupervisorState s, long now) {
            this.s = s;
            this.now = now;
        }

        void begin(Set<String> early) {
            if (!s.equals(SupervisorState.INITIAL)) {
                return;
            }
            s = s.withHolds(early);
            if (settings.loadHigh() > 0) {
                actions.add(new ReadLoad());
            }
            if (!settings.pressure().isEmpty()) {
                actions.add(new ReadPressure());
            }
            actions.add(new Arm(Timer.START, now));
            if (hasLogProcess) {
                // Due now too, but started after the command (timers fire in order): DMon's status
                // file says "cmd start" before "log start".
                s = s.withLog(s.log().due(true));
                actions.add(new Arm(Timer.LOG_START, now));
            }
        }

        /**
         * A run a previous agent started goes on as this supervisor's first: held, it is stopped
         * (if it is not already) and the job is PAUSED; not held, it is woken (if it was stopped)
         * and RUNNING, its timeout counted from its real start. A STATE event says so: nothing
         * started now.
         */
        void adopt(SupervisorEvent.Adopt a) {
            if (!s.equals(SupervisorState.INITIAL)) {
                return;
            }
            s = s.withHolds(a.holds()).withRun(1).withRespawns(a.respawns()).withLastExecErrno(a.proc().execErrno());
            if (a.stopped()) {
                // Stopped by the agent before, perhaps for the load or the pressure: those gates count
                // as closed until their first reading says otherwise, so a loaded host does not wake
                // the job for nothing.
                Set<String> holds = new TreeSet<>(s.holds());
                if (settings.loadHigh() > 0) {
                    holds.add(LOAD_HOLD);
                    s = s.withLoadClosed(true);
                }
                for (PressureMark mark : settings.pressure()) {
                    holds.add(Supervisor.pressureHold(mark.metric()));
                }
                s = s.withHolds(holds);
            }
            if (settings.loadHigh() > 0) {
                actions.add(new ReadLoad());
            }
            if (!settings.pressure().isEmpty()) {
                actions.add(new ReadPressure());
            }
            if (hasLogProcess) {
                s = s.withLog(s.log().due(true));
                actions.add(new Arm(Timer.LOG_START, now));
            }
            CommandRun c = CommandRun.started(a.proc(), now - a.ageNanos(), a.startedAtMs());
            if (!s.holds().isEmpty()) {
                if (!a.stopped()) {
                    actions.add(new Signal(a.proc(), Signals.STOP, true));
                }
                s = s.withCmd(c.pausedAt(now));
                emitInto(JobState.PAUSED, Role.CMD, Kind.STATE, a.proc().pid(), 0, false);
                actions.add(new Watch(a.proc(), Role.CMD));
                return;
            }
            if (a.stopped()) {
                actions.add(new Signal(a.proc(), Signals.CONT, true));
            }
            s = s.withCmd(c);
            emitInto(JobState.RUNNING, Role.CMD, Kind.STATE, a.proc().pid(), 0, false);
            actions.add(new Watch(a.proc(), Role.CMD));
            if (settings.timeoutNanos() > 0) {
                actions.add(new Arm(Timer.TIMEOUT, c.timeoutAt(settings.timeoutNanos())));
            }
        }

        void fired(Timer timer) {
            switch (timer) {
                case LOAD_SAMPLE -> actions.add(new ReadLoad());
                case PRESSURE_SAMPLE -> actions.add(new ReadPressure());
                case START -> {
                    if (s.phase() != Phase.ACTIVE || s.cmd() != null) {
                        return;
                    }
                    if (s.holds().isEmpty()) {
                        startRun();
                    } else {
                        transition(JobState.PAUSED, 0);
                    }
                }
                case TIMEOUT -> {
                    CommandRun c = s.cmd();
                    if (c == null || c.timedOut() || c.paused() || s.phase() != Phase.ACTIVE
                            || settings.timeoutNanos() <= 0) {
                        return;
                    }
                    s = s.withCmd(c.afterTimeout());
                    emit(Role.CMD, Kind.TIMEOUT, c.proc().pid(), 0, false);
                    terminate(c.proc());
                    actions.add(new Arm(Timer.CMD_KILL, now + settings.stopGraceNanos()));
                }
                case CMD_KILL -> {
                    if (s.cmd() != null) {
                        actions.add(new Signal(s.cmd().proc(), Signals.KILL, true));
                    }
                }
                case LOG_START -> {
                    if (s.log().startDue() && !s.log().live()) {
                        s = s.withLog(s.log().due(false));
                        actions.add(new StartLog());
                    }
                }
                case LOG_TERM -> {
                    if (s.log().live()) {
                        terminate(s.log().proc());
                        actions.add(new Arm(Timer.LOG_KILL, now + settings.stopGraceNanos()));
                    }
                }
                case LOG_KILL -> {
                    if (s.log().live()) {
                        actions.add(new Signal(s.log().proc(), Signals.KILL, true));
                    }
                }
            }
        }

        private void startRun() {
            s = s.withRun(s.run() + 1);
            actions.add(new StartCommand(s.run()));
        }

        void cmdStarted(Proc proc, long nowMs) {
            if (s.cmd() != null || s.phase() != Phase.ACTIVE) {
                return;
            }
            s = s.withCmd(CommandRun.started(proc, now, nowMs));
            warnExecFailure(proc, s.lastExecErrno(), "'" + settings.commandName() + "'");
            s = s.withLastExecErrno(proc.execErrno());
            emitInto(JobState.RUNNING, Role.CMD, Kind.START, proc.pid(), 0, false);
            actions.add(new Watch(proc, Role.CMD));
            if (settings.timeoutNanos() > 0) {
                actions.add(new Arm(Timer.TIMEOUT, now + settings.timeoutNanos()));
            }
        }

        void cmdStartFailed(String reason) {
            if (s.cmd() != null || s.phase() != Phase.ACTIVE) {
                return;
            }
            // No process at all (fork failed): retry like a run that died at once.
            actions.add(new Warn("cannot start the command: " + reason, 0));
            actions.add(new Arm(Timer.START, now + SECOND));
            transition(JobState.EXITED, 0);
        }

        /** The command's run ended: reaped with {@code status}, or {@code lost} (as a kill, status unknown). */
        void cmdExited(long serial, ExitStatus status, boolean lost) {
            CommandRun c = s.cmd();
            if (c == null || c.proc().serial() != serial) {
                return;
            }
            boolean stopping = s.phase() == Phase.STOPPING;
            s = s.withCmd(null).withLastStatus(status.raw());
            if (!stopping) {
                s = s.withStatusBeforeStop(status.raw());
            }
            actions.add(new Disarm(Timer.CMD_KILL));
            actions.add(new Disarm(Timer.TIMEOUT));
            RestartPolicy.Decision d = stopping ? null : lost ? policy.lost(now - c.startedAt(), s.respawns())
                    : policy.decide(status, now - c.startedAt(), s.respawns());
            emitInto(stopping ? JobState.STOPPED : d.respawn() ? JobState.EXITED : d.next(),
                    Role.CMD, lost ? Kind.LOST : Kind.EXIT, c.proc().pid(), lost ? 0 : status.raw(), stopping);
            if (c.proc().groupLeader()) {
                // Leftovers of the run (an sh -c's background children) must not outlive it unsupervised.
                terminate(c.proc());
            }
            if (stopping) {
                end(JobState.STOPPED);
                return;
            }
            if (!d.respawn()) {
                end(d.next());
                return;
            }
            s = s.withRespawns(s.respawns() + 1);
            long due = now + d.delayNanos();
            if (!c.proc().groupLeader() && status.isSignal()
                    && (status.signal() == Signals.INT || status.signal() == Signals.QUIT)) {
                // On a terminal the command shares our group: Ctrl-C reached us too, and our own
                // SIGINT may still be on its way. Give it a moment instead of respawning first.
                due = Math.max(due, now + TERMINAL_SETTLE_NANOS);
            }
            actions.add(new Arm(Timer.START, due));
            transition(JobState.EXITED, 0);
        }

        /** The command is gone for good: drain its output (off the loop), then end the log command gently. */
        private void end(JobState end) {
            s = s.withPhase(Phase.DRAINING);
            actions.add(new Disarm(Timer.START));
            transition(end, 0);
            actions.add(new DrainOutput());
        }

        void outputDrained(boolean logInputPending) {
            if (s.phase() != Phase.DRAINING) {
                return;
            }
            s = s.withPhase(Phase.CLOSED);
            LogCommand log = s.log();
            if (!log.live() && !logInputPending && log.startDue()) {
                s = s.withLog(log.due(false));
                actions.add(new Disarm(Timer.LOG_START));
            }
            if (log.live()) {
                emit(Role.LOG, Kind.STOP, log.proc().pid(), 0, false);
            }
            actions.add(new CloseOutput());
            if (log.live()) {
                // EOF first lets the log command write what it has; TERM only when it does not exit by itself.
                actions.add(new Arm(Timer.LOG_TERM, now + settings.logDrainNanos()));
            }
        }

        void stop() {
            if (s.phase() != Phase.ACTIVE) {
                return;
            }
            CommandRun c = s.cmd();
            if (c == null) {
                end(JobState.STOPPED);
                return;
            }
            s = s.withPhase(Phase.STOPPING);
            actions.add(new Disarm(Timer.START));
            actions.add(new Disarm(Timer.TIMEOUT));
            emit(Role.CMD, Kind.STOP, c.proc().pid(), 0, false);
            terminate(c.proc());
            actions.add(new Arm(Timer.CMD_KILL, now + settings.stopGraceNanos()));
        }

        void forward(int signal) {
            if (signal == 0) {
                return;
            }
            if (settings.cmdSigs() && s.cmd() != null) {
                emit(Role.CMD, Kind.SIGNAL, s.cmd().proc().pid(), signal, false);
                actions.add(new Signal(s.cmd().proc(), signal, false));
            }
            if (settings.logSigs() && s.log().live()) {
                emit(Role.LOG, Kind.SIGNAL, s.log().proc().pid(), signal, false);
                actions.add(new Signal(s.log().proc(), signal, false));
            }
        }

        void signalCommand(int signal) {
            if (s.cmd() != null && signal > 0) {
                emit(Role.CMD, Kind.SIGNAL, s.cmd().proc().pid(), signal, false);
                actions.add(new Signal(s.cmd().proc(), signal, false));
            }
        }

        void hold(String reason, boolean held) {
            boolean wasHeld = !s.holds().isEmpty();
            Set<String> holds = new TreeSet<>(s.holds());
            boolean changed = held ? holds.add(reason) : holds.remove(reason);
            if (!changed) {
                return;
            }
            s = s.withHolds(holds);
            boolean isHeld = !holds.isEmpty();
            CommandRun c = s.cmd();
            if (wasHeld != isHeld && s.phase() == Phase.ACTIVE) {
                if (isHeld && c != null) {
                    actions.add(new Signal(c.proc(), Signals.STOP, true));
                    s = s.withCmd(c.pausedAt(now));
                    actions.add(new Disarm(Timer.TIMEOUT));
                    emitInto(JobState.PAUSED, Role.CMD, Kind.PAUSE, c.proc().pid(), 0, false);
                    return;
                } else if (!isHeld && c != null && c.paused()) {
                    actions.add(new Signal(c.proc(), Signals.CONT, true));
                    CommandRun resumed = c.resumedAt(now);
                    s = s.withCmd(resumed);
                    emitInto(JobState.RUNNING, Role.CMD, Kind.RESUME, c.proc().pid(), 0, false);
                    if (settings.timeoutNanos() > 0 && !resumed.timedOut()) {
                        actions.add(new Arm(Timer.TIMEOUT, resumed.timeoutAt(settings.timeoutNanos())));
                    }
                    return;
                } else if (!isHeld && c == null && s.state() == JobState.PAUSED) {
                    startRun();
                    return;
                }
            }
            // The reasons changed but not the state (one hold for another, or no process yet): say so
            // anyway, for whoever reports the holds.
            emit(Role.CMD, Kind.HOLD, c == null ? 0 : c.proc().pid(), 0, false);
        }

        void loadRead(double load1, boolean readable) {
            actions.add(new Arm(Timer.LOAD_SAMPLE, now + SECOND));
            if (!readable || settings.loadHigh() <= 0) {
                // An unreadable load leaves the gate as it was, like DMon's failed getloadavg().
                return;
            }
            boolean closed = s.loadClosed() ? load1 > settings.loadLow() : load1 > settings.loadHigh();
            s = s.withLoadClosed(closed);
            if (closed != s.holds().contains(LOAD_HOLD)) {
                hold(LOAD_HOLD, closed);
            }
        }

        /**
         * Each -P mark is a gate of its own with the hysteresis of -L; its hold is its state (a
         * metric the reading lacks leaves its gate as it was, like an unreadable load).
         */
        void pressureRead(PressureSample sample) {
            if (settings.pressure().isEmpty()) {
                return;
            }
            actions.add(new Arm(Timer.PRESSURE_SAMPLE, now + SECOND));
            for (PressureMark mark : settings.pressure()) {
                OptionalDouble value = sample.value(mark.metric());
                if (value.isEmpty()) {
                    continue;
                }
                String reason = Supervisor.pressureHold(mark.metric());
                boolean wasClosed = s.holds().contains(reason);
                boolean closed = wasClosed ? value.getAsDouble() > mark.low() : value.getAsDouble() > mark.high();
                if (closed != wasClosed) {
                    hold(reason, closed);
                }
            }
        }

        void logStarted(Proc proc) {
            if (s.log().live()) {
                return;
            }
            LogCommand before = s.log();
            s = s.withLog(before.started(proc, now));
            warnExecFailure(proc, before.lastExecErrno(), "log command '" + settings.logCommandName() + "'");
            emit(Role.LOG, Kind.START, proc.pid(), 0, false);
            actions.add(new Watch(proc, Role.LOG));
            if (s.phase() == Phase.CLOSED) {
                actions.add(new Arm(Timer.LOG_TERM, now + settings.logDrainNanos()));
            }
        }

        void logStartFailed(String reason) {
            if (s.log().live()) {
                return;
            }
            actions.add(new Warn("cannot start the log command: " + reason, 0));
            s = s.withLog(s.log().due(true));
            actions.add(new Arm(Timer.LOG_START, now + SECOND));
        }

        void logExited(long serial, ExitStatus status, boolean inputPending) {
            LogCommand log = s.log();
            if (!log.live() || log.proc().serial() != serial) {
                return;
            }
            Proc p = log.proc();
            log = log.gone();
            actions.add(new Disarm(Timer.LOG_KILL));
            actions.add(new Disarm(Timer.LOG_TERM));
            boolean closed = s.phase() == Phase.CLOSED;
            // A log command that cannot run (exit before exec) must not hold dmon up: bounded retries.
            boolean rerun = closed && p.execErrno() == 0 && log.drainRestarts() < MAX_DRAIN_RESTARTS && inputPending;
            if (rerun) {
                log = log.drainRestarted();
            }
            s = s.withLog(log);
            emit(Role.LOG, Kind.EXIT, p.pid(), status.raw(), closed && !rerun);
            if (!closed || rerun) {
                // While stopping too: lines still in the pipe would be lost, so a log command that died
                // before reading them all runs once more to take them (DMon loses them).
                s = s.withLog(log.due(true));
                actions.add(new Arm(Timer.LOG_START, now + (now - log.startedAt() < SECOND ? SECOND : 0)));
            }
        }

        /**
         * Says once why a program cannot run (it is respawned every second, like DMon's, and the same
         * error each time would flood the log).
         */
        private void warnExecFailure(Proc proc, int previousErrno, String what) {
            if (proc.execErrno() != 0 && proc.execErrno() != previousErrno) {
                actions.add(new Warn("cannot execute " + what, proc.execErrno()));
            }
        }

        /** TERM then CONT, to the whole group: a stopped process must wake up to die. */
        private void terminate(Proc proc) {
            actions.add(new Signal(proc, Signals.TERM, true));
            actions.add(new Signal(proc, Signals.CONT, true));
        }

        private void transition(JobState next, int pid) {
            if (s.state() != next) {
                s = s.withState(next);
                emit(Role.CMD, Kind.STATE, pid, 0, false);
            }
        }

        /**
         * An event that moves the job to {@code next}: it carries the state after it (what an
         * operator reading "cmd exit 4242 256 (EXITED)" expects), and no STATE event follows.
         */
        private void emitInto(JobState next, Role role, Kind kind, int pid, int value, boolean afterStop) {
            s = s.withState(next);
            emit(role, kind, pid, value, afterStop);
        }

        private void emit(Role role, Kind kind, int pid, int value, boolean afterStop) {
            actions.add(new Emit(new JobEvent(role, kind, pid, value, s.run(), s.state(), afterStop), s.snapshot()));
        }
    }
}
