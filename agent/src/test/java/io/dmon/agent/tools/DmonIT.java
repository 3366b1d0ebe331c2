package io.dmon.agent.tools;

import static io.dmon.agent.tools.ProgramRun.alive;
import static io.dmon.agent.tools.ProgramRun.await;
import static io.dmon.agent.tools.ProgramRun.read;
import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.agent.process.ProcStat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The dmon program end to end: a JVM of its own, real commands, real signals. */
class DmonIT {
    @TempDir
    Path dir;

    private ProgramRun.Result dmon(String... args) throws Exception {
        return ProgramRun.run(DmonMain.class, List.of(args), dir, Map.of());
    }

    static Stream<Arguments> badInput() {
        return Stream.of(
                Arguments.of(List.of("--frobnicate", "true"), "unknown option '--frobnicate'"),
                Arguments.of(List.of("-L", "high", "true"), "-L"),
                Arguments.of(List.of("-t", "5x", "true"), "-t"),
                Arguments.of(List.of("-i", "5", "-1", "true"), "-i"),
                Arguments.of(List.of("-n"), "command"),
                Arguments.of(List.of("-n", "-u", "no-such-user-dmon", "true"), "unknown user 'no-such-user-dmon'"),
                Arguments.of(List.of("-n", "-u", "root:no-such-group-dmon", "true"), "unknown group"),
                Arguments.of(List.of("-n", "-I", "/no/such/dir/status", "true"), "cannot open '/no/such/dir/status'"),
                Arguments.of(List.of("-n", "-p", "/no/such/dir/pid", "true"), "cannot open '/no/such/dir/pid'"),
                Arguments.of(List.of("-n", "-W", "/no/such/dir", "true"), "work directory"),
                Arguments.of(List.of("-r", "frobs=3", "true"), "frobs"));
    }

    @ParameterizedTest
    @MethodSource
    void badInput(List<String> args, String named) throws Exception {
        var r = ProgramRun.run(DmonMain.class, args, dir, Map.of());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.stderr()).startsWith("dmon: ").contains(named).doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(r.stderr().strip().lines()).hasSize(1);
    }

    @Test
    void helpTellsTheOptionsAndExitsZero() throws Exception {
        var r = dmon("--help");
        assertThat(r.exit()).isZero();
        assertThat(r.stdout()).contains("--load-high").contains("--once").contains("DMON_OPTIONS");
        // -r help lists the limits and goes on, as in DMon: see DmonParityIT.
    }

    @Test
    void statusLinesAreByteIdenticalToDmonsAndTheExitStatusIsTheCommands() throws Exception {
        var r = dmon("-n", "-m", "0", "-I", "status", "sh", "-c", "exit 2");
        assertThat(r.exit()).isEqualTo(2);
        String status = read(dir.resolve("status"));
        assertThat(status).matches("cmd start (\\d+)\ncmd exit \\1 512\n");
    }

    @Test
    void onceExitsZeroAfterSuccessAndASignalDeathGivesOne() throws Exception {
        assertThat(dmon("-n", "-1", "true").exit()).isZero();
        assertThat(dmon("-n", "-m", "0", "sh", "-c", "kill -9 $$").exit()).isEqualTo(1);
    }

    @Test
    void aCommandThatCannotRunExits111AndIsRespawnedWithOneError() throws Exception {
        var r = dmon("-n", "-m", "1", "-I", "status", "no-such-program-dmon");
        assertThat(r.exit()).isEqualTo(111);
        assertThat(r.stderr().strip()).isEqualTo("dmon: cannot execute 'no-such-program-dmon': No such file or directory");
        assertThat(read(dir.resolve("status"))).matches("cmd start (\\d+)\ncmd exit \\1 28416\ncmd start (\\d+)\ncmd exit \\2 28416\n");
    }

    @Test
    void environmentAndWorkDirectoryReachTheCommand() throws Exception {
        Files.createDirectory(dir.resolve("work"));
        var r = dmon("-n", "-1", "-W", "work", "-E", "GREETING=hello", "-E", "HOME", "-I", "status",
                "sh", "-c", "echo \"$GREETING ${HOME:-unset} $(pwd)\" > out");
        assertThat(r.exit()).isZero();
        assertThat(read(dir.resolve("work/out")).strip()).isEqualTo("hello unset " + dir.resolve("work").toRealPath());
        assertThat(read(dir.resolve("work/status"))).as("-I relative to -W").startsWith("cmd start ");
    }

    @Test
    void daemonModeReturnsAtOnceAndTermStopsEverything() throws Exception {
        var r = dmon("-p", "pid", "-I", "status", "sh", "-c", "sleep 100 & sleep 100");
        assertThat(r.exit()).isZero();
        assertThat(r.stderr()).isEmpty();
        long pid = Long.parseLong(read(dir.resolve("pid")).strip());
        assertThat(read(dir.resolve("pid"))).isEqualTo(pid + "\n");
        assertThat(alive(pid)).isTrue();
        ProcStat daemon = ProcStat.read((int) pid).orElseThrow();
        assertThat(daemon.session()).as("a session of its own").isEqualTo((int) pid);
        await("cmd start", Duration.ofSeconds(20), () -> read(dir.resolve("status")).startsWith("cmd start "));
        int cmd = Integer.parseInt(read(dir.resolve("status")).lines().findFirst().orElseThrow().split(" ")[2]);

        ProgramRun.kill("TERM", pid);
        await("supervisor gone", Duration.ofSeconds(20), () -> !alive(pid));
        assertThat(read(dir.resolve("status"))).isEqualTo("cmd start " + cmd + "\ncmd stop " + cmd + "\n");
        await("command group gone", Duration.ofSeconds(20), () -> groupSize(cmd) == 0);
    }

    @Test
    void termInTheForegroundStopsTheCommandGracefully() throws Exception {
        Process p = ProgramRun.builder(DmonMain.class, List.of("-n", "-I", "status", "sh", "-c",
                "trap 'exit 0' TERM; sleep 100 & wait"), dir, Map.of()).start();
        await("cmd start", Duration.ofSeconds(20), () -> read(dir.resolve("status")).startsWith("cmd start "));
        ProgramRun.kill("TERM", p.pid());
        assertThat(p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("the command's own status after it handled TERM").isZero();
        assertThat(read(dir.resolve("status"))).contains("cmd stop ");
    }

    @Test
    void dlogRunsInProcessWithEveryLineAndMinusUMakesItARealProcess() throws Exception {
        var r = dmon("-n", "-1", "-I", "status", "sh", "-c", "seq 1 20000", "--", "dlog", "out");
        assertThat(r.exit()).isZero();
        assertThat(read(dir.resolve("out")).lines().toList()).hasSize(20000).startsWith("1").endsWith("20000");
        assertThat(read(dir.resolve("status"))).as("in-process: no log process").doesNotContain("log start");

        // A real dlog program on PATH, as the launcher would provide it.
        Path bin = Files.createDirectory(dir.resolve("bin"));
        Path dlog = bin.resolve("dlog");
        Files.writeString(dlog, "#!/bin/sh\nexec " + String.join(" ", ToolProcess.javaCommand(DlogCommand.class))
                + " \"$@\"\n");
        dlog.toFile().setExecutable(true);
        var external = ProgramRun.run(DmonMain.class, List.of("-n", "-1", "-I", "status2", "-U", "root", "sh", "-c",
                "seq 1 20000", "--", "dlog", "out2"), dir, Map.of("PATH", bin + ":" + System.getenv("PATH")));
        assertThat(external.exit()).isZero();
        assertThat(read(dir.resolve("out2")).lines().toList()).hasSize(20000).endsWith("20000");
        assertThat(read(dir.resolve("status2"))).contains("log start ").contains("log stop ");
    }

    @Test
    void aLogCommandThatCannotRunDoesNotHoldDmonUpAtTheEnd() throws Exception {
        var r = dmon("-n", "-1", "sh", "-c", "seq 1 1000", "--", "no-such-log-program-dmon");
        assertThat(r.exit()).isZero();
    }

    @Test
    void termStopsDmonPromptlyEvenWhileTheLogCommandCannotRun() throws Exception {
        Process p = ProgramRun.builder(DmonMain.class, List.of("-n", "-I", "status", "sleep", "100", "--",
                "no-such-log-program-dmon"), dir, Map.of()).start();
        await("log command tried twice", Duration.ofSeconds(20),
                () -> read(dir.resolve("status")).split("log start", -1).length >= 3);
        ProgramRun.kill("TERM", p.pid());
        assertThat(p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)).as("dmon exits after TERM").isTrue();
        assertThat(read(dir.resolve("status"))).contains("cmd stop ");
    }

    @Test
    void aMissingLogDirectoryParentIsBadInput() throws Exception {
        var r = dmon("-n", "true", "--", "drlog", "no/such/dir");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.stderr().strip()).startsWith("dmon: drlog: ").contains("no/such/dir");
        assertThat(r.stderr().strip().lines()).hasSize(1);
    }

    @Test
    void theCommandRunsAsTheUserAndGroupsGiven() throws Exception {
        var r = dmon("-n", "-1", "-u", "nobody", "sh", "-c", "id -u; id -g");
        assertThat(r.exit()).isZero();
        assertThat(r.stdout()).isEqualTo("65534\n65534\n");
        // As DMon: listed groups are additional ones; the primary group stays the user's own.
        var withGroup = dmon("-n", "-1", "-u", "65534:0:65534", "sh", "-c", "id -u; id -g; id -G");
        assertThat(withGroup.stdout()).isEqualTo("65534\n65534\n65534 0\n");
    }

    @Test
    void withoutPrivilegeAnotherUserIsRefusedInOneLine() throws Exception {
        // Only our own classes: the unprivileged user cannot read the build's local repository.
        String cp = Stream.of(System.getProperty("java.class.path").split(":"))
                .filter(p -> !p.contains("/.m2/") && !p.contains("test-classes")
                        && (p.contains("agent") || p.contains("proto")))
                .reduce((a, b) -> a + ":" + b).orElseThrow();
        Process p = new ProcessBuilder("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", cp,
                DmonMain.class.getName(), "-n", "-u", "root", "true").directory(Path.of("/").toFile()).start();
        String err = new String(p.getErrorStream().readAllBytes());
        assertThat(p.waitFor()).isEqualTo(1);
        assertThat(err.strip()).isEqualTo("dmon: option -u: cannot run as 'root': changing user or group needs root"
                + " (running as uid 65534)");
    }

    @Test
    void limitsApplyToTheCommandNotToDmon() throws Exception {
        var r = dmon("-n", "-1", "-r", "files=123", "-r", "core=0", "sh", "-c", "ulimit -n; ulimit -c");
        assertThat(r.exit()).isZero();
        assertThat(r.stdout()).isEqualTo("123\n0\n");
    }

    @Test
    void dashCapitalSForwardsSignalsToTheLogCommand() throws Exception {
        String log = "trap 'echo got-hup >> sigs' HUP; while :; do read -r l || sleep 0.1; done";
        Process p = ProgramRun.builder(DmonMain.class, List.of("-n", "-S", "-I", "status", "sleep", "100", "--",
                "sh", "-c", log), dir, Map.of()).start();
        try {
            await("log start", Duration.ofSeconds(20), () -> read(dir.resolve("status")).contains("log start "));
            await("HUP reached the log command", Duration.ofSeconds(20), () -> {
                if (read(dir.resolve("sigs")).contains("got-hup")) {
                    return true;
                }
                try {
                    ProgramRun.kill("HUP", p.pid());
                    Thread.sleep(200);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return false;
            });
            assertThat(read(dir.resolve("status"))).containsPattern("log signal \\d+ 1\n");
            assertThat(read(dir.resolve("status"))).doesNotContain("cmd signal");
        } finally {
            ProgramRun.kill("TERM", p.pid());
            p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Test
    void onATerminalTheCommandIsInteractiveAndCtrlCEndsItWithoutARespawn() throws Exception {
        // script(1) gives dmon a pseudo-terminal; what we write is typed at it.
        String command = String.join(" ", ToolProcess.javaCommand(DmonMain.class, "-n", "-I", "status", "cat"));
        Process p = new ProcessBuilder("script", "-qfec", command, "/dev/null").directory(dir.toFile())
                .redirectErrorStream(true).start();
        StringBuilder seen = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (var in = p.getInputStream()) {
                for (int c; (c = in.read()) >= 0; ) {
                    synchronized (seen) {
                        seen.append((char) c);
                    }
                }
            } catch (java.io.IOException e) {
                // the pty closed
            }
        });
        reader.start();
        await("cmd start", Duration.ofSeconds(20), () -> read(dir.resolve("status")).startsWith("cmd start "));
        p.getOutputStream().write("typed line\n".getBytes());
        p.getOutputStream().flush();
        await("cat echoes what was typed", Duration.ofSeconds(20), () -> {
            synchronized (seen) {
                return seen.toString().split("typed line", -1).length >= 3;
            }
        });
        p.getOutputStream().write(3); // Ctrl-C: SIGINT to the terminal's foreground group, dmon and cat alike
        p.getOutputStream().flush();
        assertThat(p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        // Whichever SIGINT dmon sees first (its own or the command's death), there is no second start.
        assertThat(read(dir.resolve("status"))).matches("cmd start (\\d+)\ncmd (exit \\1 2|stop \\1)\n");
    }

    static long groupSize(int pgid) {
        try (var s = Files.list(Path.of("/proc"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
                    .map(n -> ProcStat.read(Integer.parseInt(n))).flatMap(java.util.Optional::stream)
                    .filter(st -> st.pgrp() == pgid && st.state() != 'Z').count();
        } catch (java.io.IOException e) {
            return -1;
        }
    }
}
