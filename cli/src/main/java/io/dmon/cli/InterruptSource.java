package io.dmon.cli;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Where the signals that ask dmonctl to end come from: Ctrl-C (INT), TERM (a service manager,
 * {@code timeout}, {@code kill}) and HUP (the terminal went away). {@code run -n} reacts to them
 * (it stops its jobs) instead of dying, so it needs a handler; tests fire one by hand.
 */
public interface InterruptSource {
    /** SIGHUP's number. */
    int SIGHUP = 1;
    /** SIGINT's number. */
    int SIGINT = 2;
    /** SIGTERM's number. */
    int SIGTERM = 15;

    /**
     * Calls {@code action} with the signal's number on every such signal from now on, replacing
     * the default (exit at once). The action runs on a thread of its own and must not block. A
     * signal that was ignored when dmonctl started (HUP under {@code nohup}) stays ignored: the
     * JVM keeps its disposition, as a C program that checks before catching would.
     */
    void onInterrupt(IntConsumer action);

    /** Interrupts that never come. */
    static InterruptSource none() {
        return action -> {
        };
    }

    /**
     * INT, TERM and HUP, through {@code sun.misc.Signal} (module jdk.unsupported, present in every
     * JDK 17). Reached by reflection only so that the build stays free of "internal proprietary
     * API" warnings; where it is missing, the signals keep their default and simply end dmonctl.
     */
    static InterruptSource system() {
        return action -> {
            for (String name : List.of("INT", "TERM", "HUP")) {
                handle(name, action);
            }
        };
    }

    private static void handle(String name, IntConsumer action) {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handler = Class.forName("sun.misc.SignalHandler");
            Object proxy = Proxy.newProxyInstance(handler.getClassLoader(), new Class<?>[] {handler},
                    (self, method, args) -> {
                        switch (method.getName()) {
                            case "handle" -> action.accept((Integer) signal.getMethod("getNumber").invoke(args[0]));
                            case "hashCode" -> {
                                return System.identityHashCode(self);
                            }
                            case "equals" -> {
                                return self == args[0];
                            }
                            case "toString" -> {
                                return "dmonctl SIG" + name + " handler";
                            }
                            default -> {
                            }
                        }
                        return null;
                    });
            signal.getMethod("handle", signal, handler)
                    .invoke(null, signal.getConstructor(String.class).newInstance(name), proxy);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // No handler: the JVM's default for the signal (exit 128 + its number) applies, which is still correct.
        }
    }

    /** The signal's name without SIG, as {@code kill -l} spells it ({@code 15} is {@code TERM}). */
    static String name(int signal) {
        return switch (signal) {
            case SIGHUP -> "HUP";
            case SIGINT -> "INT";
            case SIGTERM -> "TERM";
            default -> Integer.toString(signal);
        };
    }
}
