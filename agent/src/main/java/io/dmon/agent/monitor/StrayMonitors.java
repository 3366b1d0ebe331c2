package io.dmon.agent.monitor;

import io.dmon.agent.process.Posix;
import io.dmon.agent.process.PosixException;
import io.dmon.agent.process.Signals;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

/**
 * Ends the monitors no job record names: a record that was damaged (or lost) must not leave its
 * job's run going beside the one the job gets anew. Each one found alive gets {@code stop}
 * (TERM and CONT to its run's group, KILL after the grace period), then {@code quit} once the run
 * is over; one that will not answer gets TERM itself (it stops its run and ends). What their
 * stores hold is not taken: with the record went the base that says which lines the spool has.
 */
public final class StrayMonitors {
    private static final Duration DEADLINE = Duration.ofSeconds(5);

    private StrayMonitors() {
    }

    /** Ends and removes the monitors named {@code names}; returns how many were alive. */
    public static int end(MonitorDirs dirs, Collection<String> names, Duration grace, Posix posix,
                          Consumer<String> diagnostics) throws InterruptedException {
        record Live(String name, MonitorRecord record, MonitorConnection conn, MonitorState.Run run) {
        }
        List<Live> live = new ArrayList<>();
        for (String name : names) {
            Path dir = dirs.dir(name);
            MonitorFinder.Found found = MonitorFinder.findOrAsk(dir);
            if (!(found instanceof MonitorFinder.Running running)) {
                delete(dirs, name, diagnostics);
                continue;
            }
            MonitorConnection c = null;
            try {
                c = MonitorConnection.attach(dir, DEADLINE);
                c.stop(grace);
            } catch (MonitorException e) {
                diagnostics.accept(dir + ": " + e.getMessage());
            }
            live.add(new Live(name, running.monitor(), c, c == null ? null : c.state().run()));
        }
        long deadline = System.nanoTime() + grace.toNanos() + Duration.ofSeconds(5).toNanos();
        for (Live l : live) {
            boolean quit = false;
            while (l.conn() != null && l.conn().isOpen() && System.nanoTime() < deadline) {
                try {
                    l.conn().quit();
                    quit = true;
                    break;
                } catch (MonitorException e) {
                    Thread.sleep(100);
                }
            }
            if (!quit) {
                // It stops its run itself on TERM, and ends.
                kill(posix, l.record(), Signals.TERM);
            }
            long until = System.nanoTime() + grace.toNanos() + Duration.ofSeconds(5).toNanos();
            while (l.record().alive() && System.nanoTime() < until) {
                Thread.sleep(50);
            }
            if (l.record().alive()) {
                kill(posix, l.record(), Signals.KILL);
            }
            if (l.conn() != null) {
                l.conn().close();
            }
            diagnostics.accept(dirs.dir(l.name()) + ": no job record names this monitor (pid " + l.record().pid()
                    + "; its record was damaged or lost): " + (l.run() == null ? "it had no run" : "its run (pid "
                    + l.run().pid() + ") was stopped") + " and the monitor ended, so that its job does not run twice");
            delete(dirs, l.name(), diagnostics);
        }
        return live.size();
    }

    private static void kill(Posix posix, MonitorRecord monitor, int signal) {
        if (monitor.alive()) {
            try {
                posix.kill(monitor.pid(), signal);
            } catch (PosixException e) {
                // Gone meanwhile.
            }
        }
    }

    private static void delete(MonitorDirs dirs, String name, Consumer<String> diagnostics) {
        try {
            dirs.delete(name);
        } catch (IOException e) {
            diagnostics.accept("cannot delete " + dirs.dir(name) + ": " + e.getMessage());
        }
    }
}
