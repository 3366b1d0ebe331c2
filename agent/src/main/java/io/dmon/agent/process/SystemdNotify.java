package io.dmon.agent.process;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The service manager's notification protocol (sd_notify(3)): datagrams of {@code KEY=VALUE}
 * lines to the AF_UNIX socket named by {@code $NOTIFY_SOCKET} (a path, or {@code @NAME} for an
 * abstract socket). {@code READY=1} once the program serves, {@code STOPPING=1} when it begins to
 * stop, and, when {@code $WATCHDOG_USEC} is set for this process, {@code WATCHDOG=1} every half of
 * it while the program's own health check passes. A send that fails is reported once, never
 * fatal: supervision does not depend on systemd hearing about it.
 */
public final class SystemdNotify implements AutoCloseable {
    /** The variables of the protocol: the programs' children (jobs) must not inherit them. */
    public static final Set<String> VARIABLES = Set.of("NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID");

    private final UnixDatagram socket;
    private final String address;
    private final Optional<Duration> watchdog;
    private final Consumer<String> diagnostics;
    private ScheduledExecutorService pinger;
    private boolean failed;

    private SystemdNotify(UnixDatagram socket, String address, Optional<Duration> watchdog,
            Consumer<String> diagnostics) {
        this.socket = socket;
        this.address = address;
        this.watchdog = watchdog;
        this.diagnostics = diagnostics;
    }

    /**
     * The notifier {@code env} asks for; empty when {@code NOTIFY_SOCKET} is unset (not started by
     * a service manager, or by one that wants no notifications) or unusable (said once).
     *
     * @param pid this process's pid: a {@code WATCHDOG_PID} naming another process means the
     *            watchdog is not ours
     */
    public static Optional<SystemdNotify> fromEnvironment(Posix posix, Map<String, String> env, long pid,
            Consumer<String> diagnostics) {
        String address = env.get("NOTIFY_SOCKET");
        if (address == null || address.isEmpty()) {
            return Optional.empty();
        }
        if (!(address.startsWith("/") || address.startsWith("@") && address.length() > 1)) {
            diagnostics.accept("NOTIFY_SOCKET '" + address + "' is neither a path nor @NAME: not notifying");
            return Optional.empty();
        }
        try {
            return Optional.of(new SystemdNotify(UnixDatagram.open(posix), address, watchdog(env, pid, diagnostics),
                    diagnostics));
        } catch (PosixException e) {
            diagnostics.accept("cannot notify the service manager: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** The watchdog interval asked for this process, if any. */
    static Optional<Duration> watchdog(Map<String, String> env, long pid, Consumer<String> diagnostics) {
        String usec = env.get("WATCHDOG_USEC");
        if (usec == null || usec.isEmpty()) {
            return Optional.empty();
        }
        String owner = env.get("WATCHDOG_PID");
        if (owner != null && !owner.isEmpty() && !owner.equals(Long.toString(pid))) {
            return Optional.empty();
        }
        try {
            long micros = Long.parseLong(usec);
            if (micros > 0) {
                return Optional.of(Duration.ofNanos(Math.multiplyExact(micros, 1000L)));
            }
        } catch (NumberFormatException | ArithmeticException e) {
            // Reported below.
        }
        diagnostics.accept("WATCHDOG_USEC '" + usec + "' is not a positive number of microseconds: no watchdog");
        return Optional.empty();
    }

    /** {@code READY=1} with a one-line status ({@code systemctl status} shows it). */
    public void ready(String status) {
        send("READY=1\nSTATUS=" + status.replace('\n', ' ') + "\n");
    }

    /** {@code STOPPING=1}: the program is shutting down; the watchdog stops too. */
    public void stopping() {
        stopWatchdog();
        send("STOPPING=1\nSTATUS=stopping\n");
    }

    /**
     * When a watchdog is asked for, sends {@code WATCHDOG=1} every half interval from now on, each
     * time {@code healthy} answers true (a program stuck inside is then restarted by the manager).
     */
    public synchronized void startWatchdog(BooleanSupplier healthy) {
        if (watchdog.isEmpty() || pinger != null) {
            return;
        }
        long every = Math.max(1, watchdog.get().toMillis() / 2);
        pinger = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, "systemd-watchdog");
            t.setDaemon(true);
            return t;
        });
        pinger.scheduleAtFixedRate(() -> {
            if (healthy.getAsBoolean()) {
                send("WATCHDOG=1\n");
            }
        }, 0, every, TimeUnit.MILLISECONDS);
    }

    /** The watchdog interval this process was given, if any. */
    public Optional<Duration> watchdogInterval() {
        return watchdog;
    }

    private synchronized void stopWatchdog() {
        if (pinger != null) {
            pinger.shutdownNow();
            pinger = null;
        }
    }

    private void send(String message) {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        try {
            socket.send(address, bytes, bytes.length);
        } catch (PosixException e) {
            synchronized (this) {
                if (failed) {
                    return;
                }
                failed = true;
            }
            diagnostics.accept("cannot notify the service manager at " + address + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        stopWatchdog();
        socket.close();
    }
}
