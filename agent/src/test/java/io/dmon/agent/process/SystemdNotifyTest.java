package io.dmon.agent.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sd_notify over real AF_UNIX datagram sockets bound here, as systemd binds its notification socket. */
class SystemdNotifyTest {
    private static final Posix POSIX = Posix.load();
    private static final long PID = ProcessHandle.current().pid();

    @TempDir
    Path dir;

    private final List<String> said = new ArrayList<>();

    @Test
    void readyAndStoppingReachAnAbstractSocket() throws Exception {
        String name = "@dmon-notify-test-" + PID + "-" + System.nanoTime();
        try (UnixDatagram manager = UnixDatagram.bind(POSIX, name);
                SystemdNotify notify = SystemdNotify.fromEnvironment(POSIX, Map.of("NOTIFY_SOCKET", name), PID,
                        said::add).orElseThrow()) {
            notify.ready("serving\non two lines");
            assertThat(receive(manager)).isEqualTo("READY=1\nSTATUS=serving on two lines\n");
            notify.stopping();
            assertThat(receive(manager)).isEqualTo("STOPPING=1\nSTATUS=stopping\n");
        }
        assertThat(said).isEmpty();
    }

    @Test
    void theWatchdogPingsWhileHealthyAndStopsWithStopping() throws Exception {
        Path socket = dir.resolve("notify");
        AtomicBoolean healthy = new AtomicBoolean(true);
        try (UnixDatagram manager = UnixDatagram.bind(POSIX, socket.toString());
                SystemdNotify notify = SystemdNotify.fromEnvironment(POSIX, Map.of("NOTIFY_SOCKET", socket.toString(),
                        "WATCHDOG_USEC", "100000", "WATCHDOG_PID", Long.toString(PID)), PID, said::add).orElseThrow()) {
            assertThat(notify.watchdogInterval()).contains(Duration.ofMillis(100));
            notify.startWatchdog(healthy::get);
            assertThat(receive(manager)).isEqualTo("WATCHDOG=1\n");
            assertThat(receive(manager)).isEqualTo("WATCHDOG=1\n");
            healthy.set(false);
            drain(manager);
            assertThat(manager.receive(new byte[64], 300)).as("no ping while unhealthy").isEqualTo(-1);
            healthy.set(true);
            assertThat(receive(manager)).isEqualTo("WATCHDOG=1\n");
            notify.stopping();
            drainUntil(manager, "STOPPING=1\nSTATUS=stopping\n");
            assertThat(manager.receive(new byte[64], 300)).as("no ping after STOPPING").isEqualTo(-1);
        }
    }

    @Test
    void aWatchdogMeantForAnotherProcessOrMalformedIsNotOurs() {
        assertThat(SystemdNotify.watchdog(Map.of("WATCHDOG_USEC", "100000", "WATCHDOG_PID", "1"), PID, said::add))
                .isEmpty();
        assertThat(said).isEmpty();
        assertThat(SystemdNotify.watchdog(Map.of("WATCHDOG_USEC", "soon"), PID, said::add)).isEmpty();
        assertThat(said).containsExactly("WATCHDOG_USEC 'soon' is not a positive number of microseconds: no watchdog");
        assertThat(SystemdNotify.watchdog(Map.of(), PID, said::add)).isEmpty();
    }

    @Test
    void noSocketMeansNoNotifierAndABadOneIsSaidOnce() {
        assertThat(SystemdNotify.fromEnvironment(POSIX, Map.of(), PID, said::add)).isEmpty();
        assertThat(SystemdNotify.fromEnvironment(POSIX, Map.of("NOTIFY_SOCKET", "relative"), PID, said::add)).isEmpty();
        assertThat(said).containsExactly("NOTIFY_SOCKET 'relative' is neither a path nor @NAME: not notifying");
    }

    @Test
    void aManagerThatIsGoneIsReportedOnceAndNeverFatal() {
        Path socket = dir.resolve("gone");
        try (SystemdNotify notify = SystemdNotify.fromEnvironment(POSIX, Map.of("NOTIFY_SOCKET", socket.toString()),
                PID, said::add).orElseThrow()) {
            notify.ready("a");
            notify.ready("b");
            notify.stopping();
        }
        assertThat(said).singleElement().asString().startsWith("cannot notify the service manager at " + socket + ": ");
    }

    private static String receive(UnixDatagram socket) throws PosixException {
        byte[] buf = new byte[4096];
        int n = socket.receive(buf, 10_000);
        assertThat(n).as("a datagram within 10 s").isPositive();
        return new String(buf, 0, n, StandardCharsets.UTF_8);
    }

    private static void drain(UnixDatagram socket) throws PosixException {
        while (socket.receive(new byte[64], 150) > 0) {
            // Pings sent before the health check turned false.
        }
    }

    private static void drainUntil(UnixDatagram socket, String wanted) throws PosixException {
        for (int i = 0; i < 100; i++) {
            if (receive(socket).equals(wanted)) {
                return;
            }
        }
        throw new AssertionError("no " + wanted);
    }
}
