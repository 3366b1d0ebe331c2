package io.dmon.deploy;

import io.dmon.agent.process.Posix;
import io.dmon.agent.process.SystemdNotify;
import io.dmon.coordinator.CoordinatorCommand;
import io.dmon.coordinator.ServiceNotifier;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * {@code dmon-coordinator}: the coordinator's command, with systemd notifications when a service
 * manager asked for them ({@code $NOTIFY_SOCKET}). Composed here because speaking that protocol
 * takes the agent's native AF_UNIX datagram, and the coordinator never depends on the agent; the
 * native library is loaded only when there is someone to notify.
 */
public final class CoordinatorMain {
    private CoordinatorMain() {
    }

    public static void main(String[] args) {
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(CoordinatorCommand.run(args, new PrintWriter(System.out, true), err,
                notifier(System.getenv(), err)));
    }

    static ServiceNotifier notifier(Map<String, String> env, PrintWriter err) {
        String socket = env.get("NOTIFY_SOCKET");
        if (socket == null || socket.isEmpty()) {
            return ServiceNotifier.NONE;
        }
        Posix posix = Posix.load();
        Optional<SystemdNotify> notify = SystemdNotify.fromEnvironment(posix, env, posix.getpid(),
                message -> err.println("dmon-coordinator: " + message));
        return notify.<ServiceNotifier>map(SystemdNotifier::new).orElse(ServiceNotifier.NONE);
    }

    /** The coordinator's notifier, spoken through {@link SystemdNotify}. */
    private record SystemdNotifier(SystemdNotify systemd) implements ServiceNotifier {
        @Override
        public void ready(String status) {
            systemd.ready(status);
        }

        @Override
        public void stopping() {
            systemd.stopping();
        }

        @Override
        public void startWatchdog(BooleanSupplier healthy) {
            systemd.startWatchdog(healthy);
        }
    }
}
