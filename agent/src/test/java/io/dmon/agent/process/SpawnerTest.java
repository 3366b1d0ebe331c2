package io.dmon.agent.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpawnerTest {
    private final Posix posix = Posix.load();
    private final Spawner spawner = new Spawner(posix);
    private final List<String> env = Spawner.environment(Map.of("PATH", "/usr/bin:/bin"));

    private Launch launch(List<String> argv, int out, Posix.Group group, String cwd) {
        return new Launch(argv, env, -1, out, out, group, cwd, null, null);
    }

    @Test
    void rawStatusEncodesExitCodesAndSignals() throws Exception {
        ChildProcess exit2 = spawner.spawn(launch(List.of("sh", "-c", "exit 2"), -1, Posix.Group.NEW_GROUP, null));
        assertThat(exit2.waitFor().raw()).isEqualTo(512);

        ChildProcess killed = spawner.spawn(launch(List.of("sh", "-c", "kill -9 $$"), -1, Posix.Group.NEW_GROUP, null));
        ExitStatus st = killed.waitFor();
        assertThat(st.isSignal()).isTrue();
        assertThat(st.raw()).isEqualTo(9);
    }

    @Test
    void missingProgramExits111WithTheReason() throws Exception {
        ChildProcess child = spawner.spawn(launch(List.of("no-such-program-dmon"), -1, Posix.Group.NEW_GROUP, null));
        assertThat(child.execErrno()).isEqualTo(2);
        assertThat(child.waitFor().exitCode()).isEqualTo(111);
    }

    @Test
    void childLeadsItsOwnGroupAndRunsInTheGivenDirectory(@TempDir Path dir) throws Exception {
        int[] pipe = posix.pipe();
        ChildProcess child = spawner.spawn(launch(List.of("sh", "-c", "echo $$ $(pwd); ps -o pgid= -p $$"), pipe[1],
                Posix.Group.NEW_GROUP, dir.toString()));
        posix.close(pipe[1]);
        String out = readAll(pipe[0]);
        assertThat(child.waitFor().isSuccess()).isTrue();
        String[] words = out.trim().split("\\s+");
        assertThat(words[0]).isEqualTo(Integer.toString(child.pid()));
        assertThat(Path.of(words[1])).isEqualTo(dir.toRealPath());
        assertThat(words[2]).isEqualTo(Integer.toString(child.pid()));
        assertThat(child.groupLeader()).isTrue();
    }

    @Test
    void resourceLimitsApplyToTheChildOnly(@TempDir Path dir) throws Exception {
        int[] pipe = posix.pipe();
        long[] limits = {7 /* RLIMIT_NOFILE */, 123, 123};
        ChildProcess child = spawner.spawn(new Launch(List.of("sh", "-c", "ulimit -n"), env, -1, pipe[1], -1,
                Posix.Group.NEW_GROUP, null, null, limits));
        posix.close(pipe[1]);
        assertThat(readAll(pipe[0]).trim()).isEqualTo("123");
        child.waitFor();
    }

    @Test
    void groupSignalReachesGrandchildren() throws Exception {
        ChildProcess child = spawner.spawn(launch(List.of("sh", "-c", "sleep 30 & sleep 30; wait"), -1,
                Posix.Group.NEW_GROUP, null));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (groupMembers(child.pid()) < 3 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(groupMembers(child.pid())).isEqualTo(3);
        assertThat(child.signalGroup(Signals.TERM)).isTrue();
        assertThat(child.waitFor().signal()).isEqualTo(Signals.TERM);
        while (groupMembers(child.pid()) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(groupMembers(child.pid())).isZero();
        assertThat(child.signal(Signals.TERM)).as("a reaped child is never signalled").isFalse();
    }

    @Test
    void credentialsOfAnUnknownUserAreRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> Credentials.resolve(posix, "no-such-user-dmon", List.of()))
                .isInstanceOf(CredentialsException.class).hasMessageContaining("unknown user 'no-such-user-dmon'");
    }

    @Test
    void credentialsByNameAndNumberResolve() throws Exception {
        Credentials root = Credentials.resolve(posix, "root", List.of());
        assertThat(root.uid()).isZero();
        assertThat(Credentials.resolve(posix, "0", List.of()).uid()).isZero();
    }

    /** Reads a pipe to EOF (FileInputStream.readAllBytes seeks, which pipes refuse on Java 17). */
    private String readAll(int fd) throws IOException {
        var out = new java.io.ByteArrayOutputStream();
        try (var in = new FileInputStream(posix.fileDescriptor(fd))) {
            byte[] buf = new byte[4096];
            for (int n; (n = in.read(buf)) > 0; ) {
                out.write(buf, 0, n);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    static long groupMembers(int pgid) throws IOException {
        try (var dirs = Files.list(Path.of("/proc"))) {
            return dirs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .map(p -> ProcStat.read(Integer.parseInt(p.getFileName().toString())))
                    .filter(s -> s.isPresent() && s.get().pgrp() == pgid && s.get().state() != 'Z')
                    .count();
        }
    }
}
