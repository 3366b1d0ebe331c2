package io.dmon.coordinator;

import java.util.function.BooleanSupplier;

/**
 * What a coordinator tells the service manager that started it (systemd's {@code Type=notify}):
 * when it serves, when it stops, and that it is alive. The coordinator cannot speak the protocol
 * itself (it needs an AF_UNIX datagram, which the JDK lacks); the program's composition hands it
 * one that can, or {@link #NONE}.
 */
public interface ServiceNotifier {
    /** Tells nobody anything. */
    ServiceNotifier NONE = new ServiceNotifier() {
        @Override
        public void ready(String status) {
        }

        @Override
        public void stopping() {
        }

        @Override
        public void startWatchdog(BooleanSupplier healthy) {
        }
    };

    /** The coordinator serves; {@code status} says how, in one line. */
    void ready(String status);

    /** The coordinator begins to stop. */
    void stopping();

    /** Keep telling the manager the coordinator is alive, as long as {@code healthy} says so. */
    void startWatchdog(BooleanSupplier healthy);
}
