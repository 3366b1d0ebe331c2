package io.dmon.agent.supervise;

import io.dmon.agent.load.LoadSource;
import io.dmon.agent.load.PressureSource;
import io.dmon.agent.process.ExitStatus;
import io.dmon.agent.process.Posix;
import io.dmon.agent.process.ProcStat;
import io.dmon.agent.process.Signals;
import io.dmon.agent.process.StartedProcess;
import io.dmon.agent.supervise.JobEvent.Role;
import io.dmon.agent.supervise.SupervisorEvent.Timer;
import io.dmon.spec.PressureMetric;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Supervises one job: its command and optional log command. The rules are {@link Transitions}, a
 * pure function of state and event; this class only drives it. One thread ({@link #run()}) owns
 * the state and takes one event at a time: requests and process exits from a queue, timers when
 * due. It performs the actions each step asks for and feeds their results (a start, a load
 * reading) back as events before taking the next one from the queue. Nothing it does waits for
 * long: a process's exit is awaited on a thread of its own, and so is the end of its output.
 *
 * <p>Pausing is a set of holds (the local load gate, one per pressure mark, operators and fleet
 * gates): the job is paused while any hold remains. A paused job's whole process group is
 * stopped; a run due while a hold remains does not start until the holds are gone (DMon would
 * start it and leave it running under high load while believing it paused).
 */
public final class Supervisor {
    /** The hold name of dmon's own -L/-l gate. */
    public static final String LOAD_HOLD = "load";
    /** What the hold of a -P mark is named after: {@code pressure io.some.avg10}. */
    private static final String PRESSURE_HOLD = "pressure ";
    private static final long NEVER = Long.MAX_VALUE;
    private static final long MAX_WAIT_NANOS = 3_600 * Transitions.SECOND;

    private final SupervisorSettings settings;
    private final JobProcesses processes;
    private final Transitions rules;
    private final LoadSource loadSource;
    private final PressureSource pressureSource;
    private final JobEvent.Listener listener;
    private final SupervisorClock clock;
    private final LinkedBlockingQueue<Message> inbox = new LinkedBlockingQueue<>();

    // Owned by the thread in run().
    private SupervisorState current = SupervisorState.INITIAL;
    private final Map<Timer, Long> timers = new EnumMap<>(Timer.class);
    private final Map<Long, StartedProcess> children = new HashMap<>();
    private final ArrayDeque<SupervisorEvent> results = new ArrayDeque<>();
    private long serials;

    private volatile JobSnapshot snapshot = SupervisorState.INITIAL.snapshot();
    private AdoptedRun adopted;
    private volatile boolean abandoned;

    /**
     * @param loadSource     where the load gate reads the load (used only with -L)
     * @param pressureSource where the pressure gates read the host's pressure (used only with -P)
     * @param listener       receives every event on the supervisor's thread
     */
    public Supervisor(SupervisorSettings settings, JobProcesses processes, LoadSource loadSource,
                      PressureSource pressureSource, JobEvent.Listener listener, SupervisorClock clock) {
        this.settings = settings;
        this.processes = processes;
        this.rules = new Transitions(settings, processes.hasLogProcess());
        this.loadSource = loadSource;
        this.pressureSource = pressureSource;
        this.listener = listener;
        this.clock = clock;
    }

    /** The hold a -P mark on {@code metric} pauses the job under: {@code pressure io.some.avg10}. */
    public static String pressureHold(PressureMetric metric) {
        return PRESSURE_HOLD + metric.name();
    }

    /**
     * True for a hold the supervisor sets by itself (its -L and -P gates), as opposed to one asked
     * for through {@link #setHold} (an operator's, a fleet gate's).
     */
    public static boolean ownHold(String reason) {
        return reason.equals(LOAD_HOLD) || reason.startsWith(PRESSURE_HOLD);
    }

    /** The job's state, readable from any thread. */
    public JobState state() {
        return snapshot.state();
    }

    /** The job's state, process and counters, readable from any thread. */
    public JobSnapshot snapshot() {
        return snapshot;
    }

    /** Asks for a graceful stop (TERM, then KILL after the grace period); any thread. */
    public void requestStop() {
        inbox.add(new Message.Event(new SupervisorEvent.Stop()));
    }

    /** A signal dmon itself received; forwarded per -s/-S, TERM and INT stop. Any thread. */
    public void signalReceived(int signal) {
        if (signal == Signals.TERM || signal == Signals.INT) {
            requestStop();
        } else {
            inbox.add(new Message.Event(new SupervisorEvent.Forward(signal)));
        }
    }

    /**
     * Sends a signal to the command alone, whatever {@code -s} says: an operator's explicit
     * signal to the job (dmon's own signals go through {@link #signalReceived}). Any thread.
     */
    public void signalCommand(int signal) {
        inbox.add(new Message.Event(new SupervisorEvent.SignalCommand(signal)));
    }

    /**
     * Adds or removes a named hold (pause reason); any thread. Holds asked for before {@link #run()}
     * are in force before it starts anything: a job held from the start spawns nothing (PAUSED).
     */
    public void setHold(String reason, boolean held) {
        inbox.add(new Message.Event(new SupervisorEvent.Hold(reason, held)));
    }

    /**
     * A run that is already going (started by a previous agent, under a monitor that outlived it),
     * to be taken over as this supervisor's first run instead of starting one. Call before
     * {@link #run()}.
     */
    public void adopt(AdoptedRun run) {
        this.adopted = run;
    }

    /**
     * Leaves the job as it is and ends {@link #run()} at once: no signal, no stop, nothing
     * released. For an agent that goes away while its jobs run on under their monitors. Any thread.
     */
    public void abandon() {
        abandoned = true;
        inbox.add(new Message.Abandon());
    }

    /** True once {@link #abandon()} was asked for: {@link #run()} returned without ending the job. */
    public boolean abandoned() {
        return abandoned;
    }

    /**
     * Runs the job until it completes, fails or is stopped, then returns the exit status dmon should
     * end with, as DMon's: the exit code of the last run that ended before any stop when it exited
     * normally, 1 when it did not (killed by a signal, its own or a timeout's); 0 when no run ended
     * before the stop. The run a stop ends does not count.
     */
    public int run() throws InterruptedException {
        if (abandoned) {
            return 0;
        }
        step(adopted == null ? new SupervisorEvent.Begin(takeEarlyHolds()) : adoption(takeEarlyHolds()));
        while (!current.finished()) {
            fireDueTimers();
            if (current.finished() || abandoned) {
                break;
            }
            long wait = Math.min(nextDeadline() - clock.nanoTime(), MAX_WAIT_NANOS);
            Message m = wait <= 0 ? inbox.poll() : inbox.poll(wait, TimeUnit.NANOSECONDS);
            if (m instanceof Message.Abandon) {
                break;
            }
            if (m != null) {
                step(event(m));
            }
        }
        if (abandoned) {
            return 0;
        }
        processes.release();
        if (current.statusBeforeStop() < 0) {
            return 0;
        }
        ExitStatus last = new ExitStatus(current.statusBeforeStop());
        return last.isExit() ? last.exitCode() : 1;
    }

    /** The holds queued before the loop ran, so that the first start already obeys them. */
    private Set<String> takeEarlyHolds() {
        Set<String> holds = new TreeSet<>();
        while (inbox.peek() instanceof Message.Event m && m.event() instanceof SupervisorEvent.Hold h) {
            inbox.poll();
            if (h.held()) {
                holds.add(h.reason());
            } else {
                holds.remove(h.reason());
            }
        }
        return holds;
    }

    /** The adopted run as an event, with the facts of now: its age, whether it is stopped. */
    private SupervisorEvent adoption(Set<String> holds) {
        StartedProcess p = adopted.process();
        long ageMillis = Math.max(0, clock.currentTimeMillis() - adopted.startedAtMs());
        boolean stopped = ProcStat.read(p.pid()).filter(st -> st.startTime() == p.startTime())
                .map(ProcStat::stopped).orElse(false) || p.frozen();
        return new SupervisorEvent.Adopt(holds, adopt(p), ageMillis * 1_000_000L, adopted.startedAtMs(), stopped,
                adopted.respawns());
    }

    private long nextDeadline() {
        return timers.values().stream().mapToLong(Long::longValue).min().orElse(NEVER);
    }

    /** Fires every timer that is due, in {@link Timer} order, each as one event. */
    private void fireDueTimers() {
        for (Timer t : Timer.values()) {
            Long at = timers.get(t);
            if (at != null && at <= clock.nanoTime()) {
                timers.remove(t);
                step(new SupervisorEvent.Fired(t));
            }
        }
    }

    /** A message from the queue as an event, with the facts the rules need gathered now. */
    private SupervisorEvent event(Message m) {
        if (m instanceof Message.Exited e && e.role() == Role.LOG) {
            return new SupervisorEvent.LogExited(e.serial(), e.status(), processes.logInputPending());
        } else if (m instanceof Message.Exited e && e.lost()) {
            return new SupervisorEvent.CmdLost(e.serial());
        } else if (m instanceof Message.Exited e) {
            return new SupervisorEvent.CmdExited(e.serial(), e.status());
        } else if (m instanceof Message.Drained) {
            return new SupervisorEvent.OutputDrained(processes.logInputPending());
        }
        return ((Message.Event) m).event();
    }

    /** Applies one event, performs its actions, then the events those produced, in order. */
    private void step(SupervisorEvent first) {
        results.add(first);
        SupervisorEvent e;
        while ((e = results.poll()) != null) {
            Transitions.Step next = rules.apply(current, e, clock.nanoTime());
            current = next.state();
            for (SupervisorAction a : next.actions()) {
                perform(a);
            }
            if (e instanceof SupervisorEvent.CmdExited x) {
                children.remove(x.serial());
            } else if (e instanceof SupervisorEvent.CmdLost x) {
                children.remove(x.serial());
            } else if (e instanceof SupervisorEvent.LogExited x) {
                children.remove(x.serial());
            }
        }
    }

    private void perform(SupervisorAction action) {
        if (action instanceof SupervisorAction.Emit e) {
            snapshot = e.snapshot();
            listener.onEvent(e.event());
        } else if (action instanceof SupervisorAction.Signal s) {
            StartedProcess child = children.get(s.proc().serial());
            if (child != null) {
                if (s.group()) {
                    child.signalGroup(s.signal());
                } else {
                    child.signal(s.signal());
                }
            }
        } else if (action instanceof SupervisorAction.Arm a) {
            timers.put(a.timer(), a.at());
        } else if (action instanceof SupervisorAction.Disarm d) {
            timers.remove(d.timer());
        } else if (action instanceof SupervisorAction.StartCommand c) {
            startCommand(c.run());
        } else if (action instanceof SupervisorAction.StartLog) {
            startLog();
        } else if (action instanceof SupervisorAction.Watch w) {
            watch(children.get(w.proc().serial()), w.proc().serial(), w.role());
        } else if (action instanceof SupervisorAction.ReadLoad) {
            readLoad();
        } else if (action instanceof SupervisorAction.ReadPressure) {
            results.add(new SupervisorEvent.PressureRead(pressureSource.pressure()));
        } else if (action instanceof SupervisorAction.DrainOutput) {
            drainOutput();
        } else if (action instanceof SupervisorAction.CloseOutput) {
            processes.closeOutput();
        } else if (action instanceof SupervisorAction.Warn w) {
            System.err.println("dmon: " + w.message() + (w.errno() == 0 ? "" : ": " + Posix.describeErrno(w.errno())));
        }
    }

    private void startCommand(int run) {
        try {
            StartedProcess child = processes.startCommand(run);
            long startedMs = child.startedAtMs() > 0 ? child.startedAtMs() : clock.currentTimeMillis();
            results.add(new SupervisorEvent.CmdStarted(adopt(child), startedMs));
        } catch (IOException e) {
            results.add(new SupervisorEvent.CmdStartFailed(e.getMessage()));
        }
    }

    private void startLog() {
        try {
            results.add(new SupervisorEvent.LogStarted(adopt(processes.startLog())));
        } catch (IOException e) {
            results.add(new SupervisorEvent.LogStartFailed(e.getMessage()));
        }
    }

    private Proc adopt(StartedProcess child) {
        long serial = ++serials;
        children.put(serial, child);
        return new Proc(serial, child.pid(), child.startTime(), child.groupLeader(), child.execErrno());
    }

    private void readLoad() {
        try {
            results.add(new SupervisorEvent.LoadRead(loadSource.load1(), true));
        } catch (IOException e) {
            results.add(new SupervisorEvent.LoadRead(0, false));
        }
    }

    /** Waits for the output on a thread of its own, so the loop goes on reacting meanwhile. */
    private void drainOutput() {
        Thread t = new Thread(() -> {
            try {
                processes.awaitOutputDrained(settings.drainMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inbox.add(new Message.Drained());
        }, "dmon-drain");
        t.setDaemon(true);
        t.start();
    }

    private void watch(StartedProcess child, long serial, Role role) {
        Thread t = new Thread(() -> {
            ExitStatus status;
            boolean lost = false;
            try {
                status = child.waitFor();
                lost = child.lost();
            } catch (IOException e) {
                status = ExitStatus.exited(111);
            } catch (InterruptedException e) {
                // Only an abandoned supervisor's waiters are interrupted: nobody reads this any more.
                return;
            }
            inbox.add(new Message.Exited(role, serial, status, lost));
        }, "dmon-wait-" + role.name().toLowerCase(Locale.ROOT) + "-" + child.pid());
        t.setDaemon(true);
        t.start();
    }

    /** What arrives on the queue from other threads. */
    private sealed interface Message {
        /** A request, already an event. */
        record Event(SupervisorEvent event) implements Message { }

        /** A process ended and was reaped, or was lost with the monitor that held it. */
        record Exited(Role role, long serial, ExitStatus status, boolean lost) implements Message { }

        /** Leave the job as it is and return. */
        record Abandon() implements Message { }

        /** The command's output was read to the end. */
        record Drained() implements Message { }
    }
}
