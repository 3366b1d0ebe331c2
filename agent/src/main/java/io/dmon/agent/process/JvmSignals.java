package io.dmon.agent.process;

import sun.misc.Signal;

/**
 * Signal handlers run by the JVM's own signal thread, for the log tools that need no native
 * library: the one place that uses the JDK's internal signal API.
 */
public final class JvmSignals {
    private JvmSignals() {
    }

    /**
     * Runs {@code action} on each {@code signal} (a name without SIG, e.g. {@code HUP}). A signal
     * ignored when the JVM started (nohup, a background job's INT) stays ignored.
     *
     * @throws IllegalArgumentException when the JVM will not handle that signal
     */
    public static void handle(String signal, Runnable action) {
        Signal.handle(new Signal(signal), s -> action.run());
    }
}
