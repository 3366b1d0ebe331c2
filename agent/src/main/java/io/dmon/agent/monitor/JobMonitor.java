package io.dmon.agent.monitor;

import io.dmon.agent.process.Posix;
import io.dmon.agent.process.PosixException;
import io.dmon.agent.process.ProcStat;
import io.dmon.agent.process.Signals;
import io.dmon.agent.spool.SpoolSet;
import io.dmon.agent.spool.SpooledLine;
import io.dmon.agent.state.StorageHealth;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One monitor in use by a job, and the thread that tends it: it takes the monitor's events (a
 * run's exit ends that run's {@link MonitorRun}), connects again when the connection drops while
 * the monitor lives, learns how the runs ended when the monitor is gone, and ingests the output.
 *
 * <p>Ingest, exactly once: the monitor's line N is the job's spool line {@code base + N}, base
 * being in the job's record before the monitor writes any line. Lines are read from the
 * monitor's store from the one after the spool's last, the stdout ones handed to the log
 * destination first, then all of them appended to the spool, and only then reported
 * {@code consumed}: an agent killed at any point finds every line either in its spool or still
 * in the store, and takes each once. Lines the store dropped (full while nothing consumed them)
 * lower the base, in the record first, so that the spool's seqs stay without gaps. The log
 * destination gets each line at least once (twice only for the lines of a batch an agent was
 * killed in the middle of).
 *
 * <p>A disk that refuses writes, the monitor's store's or the spool's (they share the state
 * directory), holds the job's output back instead of losing it: the monitor stops reading the
 * job's pipes, lines wait in its store, and the host's condition says why until writes work again.
 */
final class JobMonitor {
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final int BATCH_LINES = 4096;
    private static final long BATCH_BYTES = 1 << 20;
    private static final long RETRY_MILLIS = 1000;
    private static final long[] REATTACH_PAUSES = {50, 100, 200, 400, 800, 1600, 3200};

    final String name;
    final Path dir;
    private final String jobId;
    private final MonitorRecord record;
    private final OutputStore store;
    private final SpoolSet spools;
    private final MonitorRecords records;
    private final LogFeed feed;
    private final Posix posix;
    private final Consumer<String> diagnostics;
    private final Thread thread;

    private final Object lock = new Object();
    // Guarded by lock.
    private MonitorConnection conn;
    private long base;
    /** The next line of the monitor to take. */
    private long next;
    /** Lines up to this one were handed to the log destination. */
    private long logged;
    private final Map<Integer, MonitorRun> runs = new HashMap<>();
    /** The monitor's state as last known (its exit file's once it ended in order). */
    private MonitorState last = MonitorState.EMPTY;
    private boolean wake;
    private boolean detaching;
    private boolean quitting;
    private boolean gone;
    private boolean finished;
    private boolean failing;
    /** The spool or the monitor's store refuses writes: said once an episode, and in the host's condition. */
    private boolean spoolFailing;

    /**
     * @param conn an attached connection, or null for a monitor that is gone (only its store is left)
     * @param feed the job's log destination, or null
     */
    JobMonitor(String jobId, String name, Path dir, MonitorRecord record, MonitorConnection conn, long base,
               SpoolSet spools, MonitorRecords records, LogFeed feed, Posix posix, Consumer<String> diagnostics) {
        this.jobId = jobId;
        this.name = name;
        this.dir = dir;
        this.record = record;
        this.conn = conn;
        this.base = base;
        this.store = new OutputStore(dir);
        this.spools = spools;
        this.records = records;
        this.feed = feed;
        this.posix = posix;
        this.diagnostics = diagnostics;
        this.next = Math.max(1, spools.spool(jobId).nextSeq() - base);
        this.logged = next - 1;
        this.gone = conn == null;
        if (conn != null) {
            last = conn.state();
        }
        this.thread = new Thread(this::loop, "dmon-monitor-" + jobId);
        thread.setDaemon(true);
    }

    /** Starts tending; a gone monitor's thread takes what its store holds and ends. */
    JobMonitor start() {
        thread.start();
        MonitorConnection c;
        synchronized (lock) {
            c = conn;
        }
        if (c != null) {
            c.onChange(this::wake);
        } else {
            wake();
        }
        return this;
    }

    MonitorRecord record() {
        return record;
    }

    /** True while runs can be started here: attached, not going away. */
    boolean usable() {
        synchronized (lock) {
            return conn != null && conn.isOpen() && !gone && !detaching && !quitting;
        }
    }

    /** The monitor's current run as last known, or null. */
    MonitorState.Run currentRun() {
        synchronized (lock) {
            return (conn != null ? conn.state() : last).run();
        }
    }

    /**
     * Starts run {@code run} (the job's run number over its life on the host).
     *
     * @throws MonitorException when the monitor refused or cannot be reached
     */
    MonitorRun start(int run) throws MonitorException, InterruptedException {
        MonitorConnection c;
        synchronized (lock) {
            c = conn;
        }
        if (c == null) {
            throw new MonitorException("job " + jobId + ": its monitor is gone");
        }
        MonitorState.Run started = c.start(run);
        if (started == null || started.run() != run) {
            throw new MonitorException("job " + jobId + ": its monitor did not report run " + run);
        }
        return track(started);
    }

    /** The run as the monitor reported it, its end awaited (known already when it exited). */
    MonitorRun track(MonitorState.Run r) {
        MonitorRun handle = new MonitorRun(this, r);
        synchronized (lock) {
            if (r.exit() != null) {
                handle.exited(r.exit());
            } else if (gone) {
                handle.lostWithMonitor();
            } else {
                runs.put(r.run(), handle);
            }
        }
        return handle;
    }

    /** A run of a monitor that is gone, ended with {@code exit} (null: lost with it). */
    MonitorRun ended(MonitorState.Run r, io.dmon.agent.process.ExitStatus exit) {
        MonitorRun handle = new MonitorRun(this, r);
        if (exit != null) {
            handle.exited(exit);
        } else {
            handle.lostWithMonitor();
        }
        return handle;
    }

    private void wake() {
        synchronized (lock) {
            wake = true;
            lock.notifyAll();
        }
    }

    private void loop() {
        try {
            for (;;) {
                MonitorConnection c;
                synchronized (lock) {
                    long until = System.nanoTime() + RETRY_MILLIS * 1_000_000L;
                    while (!wake) {
                        if (failing) {
                            long left = until - System.nanoTime();
                            if (left <= 0) {
                                break;
                            }
                            lock.wait(Math.max(1, left / 1_000_000L));
                        } else {
                            lock.wait();
                        }
                    }
                    wake = false;
                    failing = false;
                    c = conn;
                }
                if (c != null) {
                    for (MonitorEvent e; (e = c.nextEvent(Duration.ZERO)) != null; ) {
                        event(c, e);
                    }
                    storeHealth(c.state().stalled());
                }
                ingest();
                synchronized (lock) {
                    if (detaching || (gone && !failing)) {
                        finished = gone;
                        lock.notifyAll();
                        if (finished || detaching) {
                            return;
                        }
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            synchronized (lock) {
                lock.notifyAll();
            }
        }
    }

    private void event(MonitorConnection c, MonitorEvent e) throws InterruptedException {
        if (e instanceof MonitorEvent.Exited x) {
            MonitorRun r;
            synchronized (lock) {
                r = runs.remove(x.run());
                last = c.state();
            }
            if (r != null) {
                r.exited(x.status());
            }
        } else if (e instanceof MonitorEvent.Closed x) {
            closed(c, x.reason());
        }
    }

    /** The connection ended: connect again while the monitor lives, else learn how its runs ended. */
    private void closed(MonitorConnection c, String why) throws InterruptedException {
        boolean ordered;
        synchronized (lock) {
            if (c != conn || detaching) {
                return;
            }
            last = c.state();
            ordered = quitting;
        }
        if (!ordered && record.alive()) {
            MonitorConnection again = reattach();
            if (again != null) {
                synchronized (lock) {
                    conn = again;
                    last = again.state();
                }
                again.onChange(this::wake);
                MonitorState.Run r = again.state().run();
                MonitorRun waiting;
                synchronized (lock) {
                    waiting = r != null && r.exit() != null ? runs.remove(r.run()) : null;
                }
                if (waiting != null) {
                    waiting.exited(r.exit());
                }
                return;
            }
            diagnostics.accept("job " + jobId + ": its monitor (pid " + record.pid() + ") lives but does not answer ("
                    + why + "): ending it");
            endUnreachable();
        }
        MonitorState end = null;
        try {
            if (MonitorFinder.find(dir) instanceof MonitorFinder.Ended e) {
                end = e.last();
            }
        } catch (IOException e) {
            diagnostics.accept("job " + jobId + ": " + e.getMessage());
        }
        List<MonitorRun> waiting;
        synchronized (lock) {
            conn = null;
            gone = true;
            if (end != null) {
                last = end;
            }
            waiting = new ArrayList<>(runs.values());
            runs.clear();
        }
        for (MonitorRun r : waiting) {
            MonitorState.Run known = end == null ? null : end.run();
            if (known != null && known.run() == r.run() && known.exit() != null) {
                r.exited(known.exit());
            } else {
                r.lostWithMonitor();
            }
        }
        if (!ordered) {
            diagnostics.accept("job " + jobId + ": its monitor (pid " + record.pid() + ") is gone"
                    + (end == null ? ", and its run with it" : " (it ended in order)"));
        }
    }

    private MonitorConnection reattach() throws InterruptedException {
        for (long pause : REATTACH_PAUSES) {
            if (!record.alive()) {
                return null;
            }
            try {
                MonitorConnection c = MonitorConnection.attach(dir, DEADLINE);
                if (c.monitor().pid() == record.pid() && c.monitor().startTime() == record.startTime()) {
                    return c;
                }
                c.close();
                return null;
            } catch (MonitorException e) {
                Thread.sleep(pause);
            }
        }
        return null;
    }

    /** Takes every whole line the store holds beyond those taken (see the class notes). */
    private void ingest() throws InterruptedException {
        for (;;) {
            MonitorConnection c;
            long from;
            long upTo;
            synchronized (lock) {
                c = conn;
                from = next;
                upTo = c == null ? Long.MAX_VALUE : c.state().lastSeq();
            }
            if (from > upTo) {
                return;
            }
            OutputStore.Batch batch;
            try {
                batch = store.read(from, BATCH_LINES, BATCH_BYTES);
            } catch (IOException e) {
                retryLater("cannot read its monitor's store: " + e.getMessage());
                return;
            }
            if (batch.lines().isEmpty()) {
                return;
            }
            List<SpooledLine> lines = spoolLines(batch.lines());
            if (lines == null) {
                return;
            }
            long lastSeq = batch.lines().get(batch.lines().size() - 1).seq();
            toLog(batch.lines());
            try {
                spools.appendLines(jobId, lines);
            } catch (IOException e) {
                spoolRefused(e.getMessage());
                retryLater(null);
                return;
            }
            spoolTook();
            synchronized (lock) {
                next = lastSeq + 1;
                lock.notifyAll();
            }
            if (c != null && c.isOpen()) {
                try {
                    c.consumed(lastSeq);
                } catch (MonitorException e) {
                    // The connection ended: its Closed event is next.
                }
            }
        }
    }

    /**
     * The stored lines as spool lines at base + N, leaving out those the spool has already; a
     * gap (lines the store dropped) lowers the base first. Null when the base could not be saved.
     */
    private List<SpooledLine> spoolLines(List<OutputStore.StoredLine> stored) {
        long expected = spools.spool(jobId).nextSeq();
        List<SpooledLine> out = new ArrayList<>(stored.size());
        for (OutputStore.StoredLine l : stored) {
            long b;
            synchronized (lock) {
                b = base;
            }
            long seq = b + l.seq();
            if (seq < expected) {
                continue;
            }
            if (seq > expected) {
                long dropped = seq - expected;
                try {
                    records.monitorAt(name, b - dropped);
                } catch (IOException e) {
                    retryLater("cannot save its record: " + e.getMessage());
                    return null;
                }
                synchronized (lock) {
                    base = b - dropped;
                }
                diagnostics.accept("job " + jobId + ": " + dropped + " line(s) before spool line " + expected
                        + " were dropped by its monitor's store (full while no agent took them)");
                seq = expected;
            }
            out.add(new SpooledLine(seq, l.run(), l.unixMs(), l.stderr(), l.line()));
            expected++;
        }
        return out;
    }

    /** The stdout lines not handed on yet, in one write. */
    private void toLog(List<OutputStore.StoredLine> stored) {
        long upTo;
        synchronized (lock) {
            upTo = logged;
        }
        if (feed == null) {
            return;
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        long lastSeq = upTo;
        for (OutputStore.StoredLine l : stored) {
            if (l.seq() > upTo && !l.stderr()) {
                buf.write(l.line(), 0, l.line().length);
                buf.write('\n');
            }
            lastSeq = Math.max(lastSeq, l.seq());
        }
        if (buf.size() > 0) {
            feed.accept(buf.toByteArray(), 0, buf.size());
        }
        synchronized (lock) {
            logged = lastSeq;
        }
    }

    /** Tries again in a while; {@code why} (null: said elsewhere) is said once a spell. */
    private void retryLater(String why) {
        synchronized (lock) {
            if (!failing && why != null) {
                diagnostics.accept("job " + jobId + ": " + why);
            }
            failing = true;
        }
    }

    /** The monitor's store is stalled ({@code errno}) or takes writes (0). */
    private void storeHealth(int errno) {
        boolean failingNow;
        synchronized (lock) {
            failingNow = spoolFailing;
        }
        if (errno != 0) {
            spoolRefused(Posix.describeErrno(errno));
        } else if (failingNow) {
            spoolTook();
        }
    }

    /** The job's output cannot be written down (spool or store): the host's condition, and one line. */
    private void spoolRefused(String why) {
        spools.health().failed(StorageHealth.SPOOL, "job " + jobId + ": " + why);
        boolean first;
        synchronized (lock) {
            first = !spoolFailing;
            spoolFailing = true;
        }
        if (first) {
            diagnostics.accept("job " + jobId + ": cannot write the log spool, the job's output waits until it can: "
                    + why);
        }
    }

    /** Lines went in: the episode is over, unless the monitor's store still refuses writes. */
    private void spoolTook() {
        boolean was;
        synchronized (lock) {
            if (conn != null && conn.state().stalled() != 0) {
                return;
            }
            was = spoolFailing;
            spoolFailing = false;
        }
        spools.health().worked(StorageHealth.SPOOL);
        if (was) {
            diagnostics.accept("job " + jobId + ": log spool writable again");
        }
    }

    /**
     * Waits until run {@code run}'s output is all taken (its pipes closed and its last line
     * ingested), or the monitor is gone and its store read to the end; false when that did not
     * happen within {@code maxMillis}.
     */
    boolean awaitDrained(int run, long maxMillis) throws InterruptedException {
        long deadline = System.nanoTime() + maxMillis * 1_000_000L;
        synchronized (lock) {
            while (!finished && !drained(run)) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !thread.isAlive()) {
                    return false;
                }
                lock.wait(Math.max(1, left / 1_000_000L));
            }
            return true;
        }
    }

    private boolean drained(int run) {
        MonitorState s = conn != null ? conn.state() : last;
        return s.run() != null && s.run().run() == run && s.run().drained() && next > s.run().eofSeq();
    }

    /**
     * Ends the monitor once its runs are over: quit, after a stop of what is left of the last
     * run when it refuses; then waits until its output is all taken. False when it would not end,
     * or its output could not be taken in time (the monitor and its directory are then left for
     * the next agent, which ends it).
     */
    boolean quit(Duration grace) throws InterruptedException {
        MonitorConnection c;
        synchronized (lock) {
            quitting = true;
            c = conn;
        }
        if (c != null && c.isOpen()) {
            long deadline = System.nanoTime() + grace.toNanos() + Duration.ofSeconds(5).toNanos();
            boolean stopped = false;
            for (;;) {
                try {
                    c.quit();
                    break;
                } catch (MonitorException e) {
                    if (!c.isOpen() || System.nanoTime() > deadline) {
                        break;
                    }
                    if (!stopped) {
                        // What a run left (children that ignored TERM) must not outlive the job.
                        try {
                            c.stop(grace);
                        } catch (MonitorException stop) {
                            break;
                        }
                        stopped = true;
                    }
                    Thread.sleep(100);
                }
            }
        }
        return awaitFinished(Duration.ofSeconds(10));
    }

    /** Waits until the monitor is gone and its store read to the end. */
    boolean awaitFinished(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        synchronized (lock) {
            while (!finished) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !thread.isAlive() && !finished) {
                    return finished;
                }
                lock.wait(Math.max(1, left / 1_000_000L));
            }
            return true;
        }
    }

    /**
     * Leaves the monitor running on its own: takes the lines there are, says detach, and ends the
     * thread (waiting for it at most {@code max}).
     */
    void detach(Duration max) throws InterruptedException {
        MonitorConnection c;
        synchronized (lock) {
            detaching = true;
            c = conn;
            wake = true;
            lock.notifyAll();
        }
        thread.join(Math.max(1, max.toMillis()));
        if (c != null) {
            try {
                c.detach();
            } catch (MonitorException e) {
                c.close();
            }
        }
    }

    /**
     * Signals {@code run}'s leader (or group) through the monitor while it answers and the run is
     * its current one; else straight to what is left of the run, each process checked by its
     * start time (a reused pid is never hit).
     */
    boolean signal(MonitorRun run, int signal, boolean group) {
        MonitorConnection c;
        synchronized (lock) {
            c = conn;
        }
        MonitorState.Run current = c == null ? null : c.state().run();
        if (c != null && c.isOpen() && current != null && current.run() == run.run()) {
            try {
                return group ? c.signalGroup(signal) : c.signal(signal);
            } catch (MonitorException e) {
                // Unreachable now: straight to the processes below.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        boolean sent = false;
        List<ProcStat> all = group ? ProcStat.all() : ProcStat.read(run.pid()).map(List::of).orElse(List.of());
        for (ProcStat p : all) {
            boolean member = group ? p.pgrp() == run.pid() && p.startTime() >= run.startTime()
                    : p.pid() == run.pid() && p.startTime() == run.startTime();
            if (member && p.state() != 'Z') {
                sent |= kill(p.pid(), signal);
            }
        }
        return sent;
    }

    /**
     * Ends a monitor that lives but cannot be reached: TERM (it stops its run and ends in order),
     * KILL when it has not ended within the wait. Nothing else is done with it here.
     */
    void endUnreachable() throws InterruptedException {
        signalMonitor(Signals.TERM);
        awaitMonitorGone(Duration.ofSeconds(15));
    }

    private void signalMonitor(int signal) {
        if (record.alive()) {
            kill(record.pid(), signal);
        }
    }

    private void awaitMonitorGone(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (record.alive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        if (record.alive()) {
            kill(record.pid(), Signals.KILL);
        }
    }

    private boolean kill(int pid, int signal) {
        try {
            posix.kill(pid, signal);
            return true;
        } catch (PosixException e) {
            return false;
        }
    }
}
