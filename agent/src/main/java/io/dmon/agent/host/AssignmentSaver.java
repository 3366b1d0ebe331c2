package io.dmon.agent.host;

import io.dmon.agent.state.StateDir;
import java.io.IOException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Saves the host's assignment on a thread of its own, newest first and bursts folded into one
 * write, encoded on that thread too (only the assignment written is ever encoded). Every change used to be written (two fsyncs) on the link's thread before the next change
 * was read: pausing the twenty jobs of a host meant forty fsyncs in a row before the last job
 * stopped. The file may now lag the memory by one write; an agent killed in that moment gets the
 * whole assignment from the coordinator when it reconnects, as on every reconnect.
 */
final class AssignmentSaver implements AutoCloseable {
    /**
     * How long a change waits for the rest of its burst before it is written. Changes come one
     * message at a time (a fleet's pause is one per job); each write costs two fsyncs, which in a
     * virtual machine are among the dearest things an agent does (measured: a third of an agent's
     * CPU while pausing its jobs, when each change was written at once).
     */
    private static final long LINGER_MILLIS = 25;

    private final StateDir state;
    private final Consumer<String> diagnostics;
    private final Thread thread;

    // Guarded by this.
    private Supplier<byte[]> pending;
    private boolean writing;
    private boolean closed;

    AssignmentSaver(StateDir state, Consumer<String> diagnostics) {
        this.state = state;
        this.diagnostics = diagnostics;
        this.thread = new Thread(this::loop, "dmon-assignment-saver");
        thread.setDaemon(true);
        thread.start();
    }

    /** Saves the bytes {@code encoded} gives soon, unless a newer assignment comes first. */
    synchronized void save(Supplier<byte[]> encoded) {
        pending = encoded;
        notifyAll();
    }

    /** Waits until everything handed over so far is written (tests, and the host closing). */
    synchronized void flush() throws InterruptedException {
        while (pending != null || writing) {
            wait();
        }
    }

    /** Writes what is pending and ends the thread. */
    @Override
    public void close() throws InterruptedException {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        thread.join();
    }

    private void loop() {
        for (;;) {
            Supplier<byte[]> next;
            synchronized (this) {
                while (pending == null && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (pending == null) {
                    return;
                }
                long end = System.nanoTime() + LINGER_MILLIS * 1_000_000;
                long left;
                while (!closed && (left = end - System.nanoTime()) > 0) {
                    try {
                        wait(Math.max(1, left / 1_000_000));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                next = pending;
                pending = null;
                writing = true;
            }
            try {
                state.writeAssignment(next.get());
            } catch (IOException e) {
                diagnostics.accept("cannot save the assignment: " + e.getMessage());
            } finally {
                synchronized (this) {
                    writing = false;
                    notifyAll();
                }
            }
        }
    }
}
