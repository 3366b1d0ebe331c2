package io.dmon.agent.monitor;

import static io.dmon.agent.monitor.Monitors.awaitState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The socket refuses what is not the protocol, and only the monitor's user gets in. */
class MonitorSocketTest {
    @TempDir
    Path tmp;
    private Monitors monitors;

    @BeforeEach
    void setUp() throws Exception {
        monitors = new Monitors(tmp);
    }

    @AfterEach
    void tearDown() {
        monitors.close();
    }

    @Test
    void oversizedAndGarbageCommandsCloseTheConnectionAndTheMonitorCarriesOn() throws Exception {
        MonitorSpec spec = monitors.shell("echo one; exec sleep 600");
        MonitorConnection c = monitors.run(spec);
        awaitState(c, "the first line", s -> s.lastSeq() == 1);
        c.close();
        byte[] long200 = new byte[200];
        Arrays.fill(long200, (byte) 'a');
        byte[] zero = "start\0 2\n".getBytes(StandardCharsets.ISO_8859_1);
        List<List<String>> exchanges = List.of(
                exchange(spec.dir(), long200),
                exchange(spec.dir(), "bogus\n".getBytes(StandardCharsets.US_ASCII)),
                exchange(spec.dir(), zero),
                exchange(spec.dir(), "start x\n".getBytes(StandardCharsets.US_ASCII)),
                exchange(spec.dir(), "start 99999999999\n".getBytes(StandardCharsets.US_ASCII)),
                exchange(spec.dir(), "signal 65\n".getBytes(StandardCharsets.US_ASCII)),
                exchange(spec.dir(), "stop -1\n".getBytes(StandardCharsets.US_ASCII)),
                exchange(spec.dir(), "signal 1 2\n".getBytes(StandardCharsets.US_ASCII)),
                exchange(spec.dir(), "ping 3\n".getBytes(StandardCharsets.US_ASCII)),
                exchange(spec.dir(), "consumed 2\n".getBytes(StandardCharsets.US_ASCII)));
        assertThat(exchanges).extracting(e -> e.get(e.size() - 1)).containsExactly(
                "error command too long", "error unknown command", "error bad byte in command", "error bad number",
                "error bad number", "error bad number", "error bad number", "error too many words",
                "error unexpected argument", "error consumed beyond the last line");
        for (List<String> e : exchanges) {
            // The state comes first on every connection; then the error, then the end.
            assertThat(e.get(0)).startsWith("hello 1 ");
            assertThat(e).anyMatch(l -> l.startsWith("output 1 ") && l.endsWith(" 0 0"));
        }

        MonitorConnection again = monitors.attach(spec.dir());
        assertThat(again.monitor().alive()).isTrue();
        assertThat(again.state().running()).isTrue();
        assertThat(again.state().run().run()).isEqualTo(1);
        assertThat(again.signalGroup(9)).isTrue();
        assertThat(awaitState(again, "the exit", s -> !s.running()).run().exit().signal()).isEqualTo(9);
    }

    @Test
    void theFilesAndTheSocketAreTheOwnersOnly() throws Exception {
        MonitorSpec spec = monitors.shell("echo one");
        MonitorConnection c = monitors.run(spec);
        awaitState(c, "drained", s -> s.run().drained());
        assertThat(mode(spec.dir())).isEqualTo("rwx------");
        assertThat(Files.readAttributes(spec.dir().resolve("sock"), java.nio.file.attribute.BasicFileAttributes.class).isOther()).isTrue();
        assertThat(mode(spec.dir().resolve("sock"))).isEqualTo("rw-------");
        assertThat(mode(spec.dir().resolve("monitor"))).isEqualTo("rw-------");
        assertThat(mode(spec.dir().resolve("lock"))).isEqualTo("rw-------");
        assertThat(mode(spec.dir().resolve("00000000000000000001.out"))).isEqualTo("rw-------");
    }

    @Test
    void aSecondMonitorOnTheSameDirectoryIsRefused() throws Exception {
        MonitorSpec spec = monitors.shell("exec sleep 600");
        monitors.run(spec);
        assertThatThrownBy(() -> monitors.start(spec)).isInstanceOf(MonitorException.class)
                .hasMessage("dmon-monitor: " + spec.dir() + " is in use by another monitor");
    }

    @Test
    void aDirectoryWithAnEarlierMonitorsOutputIsRefusedUntilEmptied() throws Exception {
        MonitorSpec spec = monitors.shell("echo one");
        MonitorConnection c = monitors.run(spec);
        awaitState(c, "the exit", s -> !s.running());
        MonitorRecord gone = c.monitor();
        c.quit();
        // Its lock goes with the process, a moment after its socket.
        Monitors.await("the monitor gone", () -> !Files.exists(spec.dir().resolve("sock")) && !gone.alive());
        assertThatThrownBy(() -> monitors.start(spec)).isInstanceOf(MonitorException.class)
                .hasMessageStartingWith("dmon-monitor: " + spec.dir() + " holds an earlier monitor's files");
    }

    @Test
    void badOptionsAreOneLineErrorsWithStatus2() throws Exception {
        String program = monitors.launcher.program().toString();
        Path dir = monitors.dir();
        assertThat(runProgram(program, "--dir", dir.toString())).containsExactly("2", "dmon-monitor: no command after --");
        assertThat(runProgram(program, "--dir", "relative", "--", "true"))
                .containsExactly("2", "dmon-monitor: --dir must be absolute: 'relative'");
        assertThat(runProgram(program, "--dir", dir.toString(), "--limit", "7:x:1", "--", "true"))
                .containsExactly("2", "dmon-monitor: --limit: bad value in '7:x:1'");
        assertThat(runProgram(program, "--dir", dir.toString(), "--uid", "5", "--", "true"))
                .containsExactly("2", "dmon-monitor: --uid and --gid go together (and --groups with them)");
        assertThat(runProgram(program, "--dir", "/" + "d".repeat(120), "--", "true").get(1))
                .startsWith("dmon-monitor: --dir too long for a socket path");
        assertThat(runProgram(program, "--wat", "1", "--", "true"))
                .containsExactly("2", "dmon-monitor: unknown option '--wat'");
        assertThat(Files.exists(dir)).isFalse();
    }

    @Test
    void aDescriptorItsStarterLeakedIsNotHeldOpen() throws Exception {
        Path dir = monitors.dir();
        // fd 3 is a second copy of the starter's stdout pipe: held by the monitor, that pipe would
        // never reach end of file while the monitor lives.
        Process p = new ProcessBuilder("sh", "-c", monitors.launcher.program() + " --dir " + dir
                + " --path /bin/true -- true 3>&1").redirectErrorStream(true).start();
        try {
            String out = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).get(Monitors.DEADLINE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            assertThat(p.waitFor()).isZero();
            String[] w = out.strip().split(" ");
            MonitorRecord started = new MonitorRecord(1, Integer.parseInt(w[0]), Long.parseLong(w[1]));
            assertThat(MonitorRecord.read(dir)).contains(started);
            assertThat(started.alive()).isTrue();
        } finally {
            MonitorRecord.read(dir).filter(MonitorRecord::alive)
                    .flatMap(r -> ProcessHandle.of(r.pid())).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private static List<String> runProgram(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        List<String> result = new ArrayList<>();
        result.add(Integer.toString(p.waitFor()));
        result.addAll(out.lines().toList());
        return result;
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }

    /** Connects, sends {@code bytes} raw, and returns every line received until the monitor closes. */
    private static List<String> exchange(Path dir, byte[] bytes) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
             Selector selector = Selector.open()) {
            ch.connect(UnixDomainSocketAddress.of(dir.resolve("sock")));
            ch.write(ByteBuffer.wrap(bytes));
            ch.configureBlocking(false);
            ch.register(selector, SelectionKey.OP_READ);
            StringBuilder text = new StringBuilder();
            ByteBuffer buf = ByteBuffer.allocate(4096);
            long end = System.nanoTime() + Monitors.DEADLINE.toNanos();
            while (System.nanoTime() < end) {
                selector.select(100);
                buf.clear();
                int n = ch.read(buf);
                if (n < 0) {
                    return text.toString().lines().toList();
                }
                text.append(new String(buf.array(), 0, n, StandardCharsets.ISO_8859_1));
            }
            throw new AssertionError("the monitor did not close the connection; it sent: " + text);
        }
    }
}
