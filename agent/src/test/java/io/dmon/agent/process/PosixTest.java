package io.dmon.agent.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The native layer's one error convention: a failed call throws its errno and its name; answers stay results. */
class PosixTest {
    private static final int ESRCH = 3;
    private static final int EBADF = 9;
    private static final int ENOENT = 2;

    private final Posix posix = Posix.load();

    @Test
    void aFailedCallThrowsItsErrnoAndName() {
        // Above any pid_max the kernel allows, so no process can have it.
        assertThatThrownBy(() -> posix.kill(Integer.MAX_VALUE, 0)).isInstanceOfSatisfying(PosixException.class,
                e -> {
                    assertThat(e.errno()).isEqualTo(ESRCH);
                    assertThat(e.getMessage()).isEqualTo("kill: " + Posix.describeErrno(ESRCH));
                });
        // -1, not a closed descriptor: another thread may be given a closed one at any time.
        assertThatThrownBy(() -> posix.bytesAvailable(-1)).isInstanceOfSatisfying(PosixException.class,
                e -> assertThat(e.errno()).isEqualTo(EBADF));
        assertThatThrownBy(() -> posix.setPipeSize(-1, 1 << 20)).isInstanceOfSatisfying(PosixException.class,
                e -> assertThat(e.getMessage()).startsWith("fcntl F_SETPIPE_SZ: "));
    }

    @Test
    void aCallOnASocketPathNamesThePath(@TempDir Path dir) {
        String missing = dir.resolve("no-such-dir/log.sock").toString();
        assertThatThrownBy(() -> UnixDatagram.bind(posix, missing)).isInstanceOfSatisfying(PosixException.class,
                e -> {
                    assertThat(e.errno()).isEqualTo(ENOENT);
                    assertThat(e.getMessage()).isEqualTo("bind " + missing + ": " + Posix.describeErrno(ENOENT));
                });
    }

    @Test
    void answersThatAreNotFailuresStayResults(@TempDir Path dir) throws Exception {
        assertThat(posix.lookupUser("no-such-user-dmon")).isNull();
        assertThat(posix.lookupGroup("no-such-group-dmon")).isEqualTo(-1);
        try (UnixDatagram socket = UnixDatagram.bind(posix, dir.resolve("s").toString())) {
            assertThat(socket.receive(new byte[16], 10)).isEqualTo(-1);
            byte[] hello = "hi".getBytes(StandardCharsets.UTF_8);
            try (UnixDatagram sender = UnixDatagram.open(posix)) {
                sender.send(dir.resolve("s").toString(), hello, hello.length);
            }
            assertThat(socket.receive(new byte[16], 20_000)).isEqualTo(2);
        }
        int[] pipe = posix.pipe();
        try {
            assertThat(posix.bytesAvailable(pipe[0])).isZero();
            assertThat(posix.setPipeSize(pipe[1], 1 << 16)).isGreaterThanOrEqualTo(1 << 16);
        } finally {
            posix.close(pipe[0]);
            posix.close(pipe[1]);
        }
    }
}
