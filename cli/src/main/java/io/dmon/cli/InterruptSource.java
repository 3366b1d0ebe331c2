package io.dmon.cli;

import java.lang.reflect.Proxy;

/**
 * Where Ctrl-C comes from. {@code run -n} reacts to it (it stops the job) instead of dying, so it
 * needs a handler; tests fire one by hand.
 */
public interface InterruptSource {

    /**
     * Calls {@code action} on every interrupt from now on, replacing the default (exit at once).
     * The action runs on a thread of its own and must not block.
     */
    void onInterrupt(Runnable action);

    /** Interrupts that never come. */
    static InterruptSource none() {
        return action -> {
        };
    }

    /**
     * SIGINT, through {@code sun.misc.Signal} (module jdk.unsupported, present in every JDK 17).
     * Reached by reflection only so that the build stays free of "internal proprietary API"
     * warnings; where it is missing, Ctrl-C keeps its default and simply ends dmonctl.
     */
    static InterruptSource sigint() {
        return action -> {
            try {
                Class<?> signal = Class.forName("sun.misc.Signal");
                Class<?> handler = Class.forName("sun.misc.SignalHandler");
                Object proxy = Proxy.newProxyInstance(handler.getClassLoader(), new Class<?>[] {handler},
                        (self, method, args) -> {
                            switch (method.getName()) {
                                case "handle" -> action.run();
                                case "hashCode" -> {
                                    return System.identityHashCode(self);
                                }
                                case "equals" -> {
                                    return self == args[0];
                                }
                                case "toString" -> {
                                    return "dmonctl SIGINT handler";
                                }
                                default -> {
                                }
                            }
                            return null;
                        });
                signal.getMethod("handle", signal, handler)
                        .invoke(null, signal.getConstructor(String.class).newInstance("INT"), proxy);
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                // No handler: the JVM's default for SIGINT (exit 130) applies, which is still correct.
            }
        };
    }
}
