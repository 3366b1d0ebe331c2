package io.dmon.agent.tools;

import static io.dmon.agent.tools.ProgramRun.await;
import static io.dmon.agent.tools.ProgramRun.read;
import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.spec.DmonUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dmon where it used to differ from DMon 0.6: each test runs the command line a DMon user would
 * type and expects what DMon 0.6 does with it. Tests with {@code -u} need root, as DMon does.
 */
class DmonParityIT {
    @TempDir
    Path dir;

    private ProgramRun.Result dmon(Map<String, String> env, String... args) throws Exception {
        return ProgramRun.run(DmonMain.class, List.of(args), dir, env);
    }

    private ProgramRun.Result dmon(String... args) throws Exception {
        return dmon(Map.of(), args);
    }

    @Test
    void listedGroupsAreAdditionalAndTheUserKeepsItsPrimaryGroup() throws Exception {
        var r = dmon("-n", "-1", "-u", "nobody:1234:2345", "sh", "-c", "id -u; id -g; id -G");
        assertThat(r.exit()).isZero();
        assertThat(r.stdout()).isEqualTo("65534\n65534\n65534 1234 2345\n");
    }

    @Test
    void aUidThatIsNotInThePasswordDatabaseIsRefused() throws Exception {
        var r = dmon("-n", "-1", "-u", "4242", "touch", "ran");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.stderr().strip()).isEqualTo("dmon: option -u: unknown user '4242'");
        assertThat(dir.resolve("ran")).doesNotExist();
    }

    @Test
    void timeoutAndIntervalTakeMonthsAndYears() throws Exception {
        var r = dmon("-n", "-m", "0", "-t", "1y", "-i", "2M", "-I", "status", "sh", "-c", "exit 4");
        assertThat(r.exit()).isEqualTo(4);
        assertThat(r.stderr()).isEmpty();
        assertThat(read(dir.resolve("status"))).matches("cmd start (\\d+)\ncmd exit \\1 1024\n");
    }

    @Test
    void dmonOptionsOverrideTheConfigFile() throws Exception {
        Files.writeString(dir.resolve("conf"), "environ X=conf\nno-daemon\nonce\n");
        var r = dmon(Map.of("DMON_OPTIONS", "-E X=env"), "-C", "conf", "sh", "-c", "echo $X");
        assertThat(r.exit()).isZero();
        assertThat(r.stdout()).isEqualTo("env\n");
    }

    @Test
    void theConfigFileMayUseCommandLineSpelling() throws Exception {
        Files.writeString(dir.resolve("conf"), "-n -1\n--environ X=dashes\n");
        var r = dmon("-C", "conf", "sh", "-c", "echo $X");
        assertThat(r.exit()).isZero();
        assertThat(r.stdout()).isEqualTo("dashes\n");
    }

    @Test
    void dashEWithoutALogCommandSendsStderrWhereStdoutGoes() throws Exception {
        var r = dmon("-n", "-1", "-e", "sh", "-c", "echo out; echo err >&2");
        assertThat(r.exit()).isZero();
        assertThat(r.stdout()).isEqualTo("out\nerr\n");
        assertThat(r.stderr()).isEmpty();

        var without = dmon("-n", "-1", "sh", "-c", "echo out; echo err >&2");
        assertThat(without.stdout()).isEqualTo("out\n");
        assertThat(without.stderr()).isEqualTo("err\n");
    }

    @Test
    void termExitsWithTheLastRunsStatusOrZeroBeforeAnyRunEnded() throws Exception {
        assertThat(termAfterStarts(1, "sleep 100")).as("no run ended yet").isZero();
        assertThat(termAfterStarts(2, "[ -e ran ] && exec sleep 100; touch ran; exit 3"))
                .as("after a run that exited 3").isEqualTo(3);
        assertThat(termAfterStarts(2, "[ -e ran2 ] && exec sleep 100; touch ran2; kill -9 $$"))
                .as("after a run killed by a signal of its own").isEqualTo(1);
    }

    /** Starts dmon -n on {@code script}, sends it TERM once the command started {@code starts} times; dmon's status. */
    private int termAfterStarts(int starts, String script) throws Exception {
        Path status = dir.resolve("status-" + starts + "-" + Math.abs(script.hashCode()));
        Process p = ProgramRun.builder(DmonMain.class, List.of("-n", "-I", status.toString(), "sh", "-c", script),
                dir, Map.of()).start();
        try {
            await(starts + " starts", Duration.ofSeconds(20),
                    () -> read(status).split("cmd start ", -1).length - 1 >= starts);
            ProgramRun.kill("TERM", p.pid());
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("dmon exits after TERM").isTrue();
            assertThat(read(status)).endsWith("\ncmd stop " + lastPid(read(status)) + "\n");
            return p.exitValue();
        } finally {
            p.destroyForcibly();
        }
    }

    private static String lastPid(String status) {
        List<String> starts = status.lines().filter(l -> l.startsWith("cmd start ")).toList();
        return starts.get(starts.size() - 1).substring("cmd start ".length());
    }

    @Test
    void limitsHelpListsTheLimitsAndGoesOnToRunTheCommand() throws Exception {
        var r = dmon("-r", "help", "-n", "-1", "echo", "ran");
        assertThat(r.exit()).isZero();
        assertThat(r.stdout()).isEqualTo(DmonUsage.limitsHelp() + "ran\n");

        var noCommand = dmon("-r", "help");
        assertThat(noCommand.exit()).isEqualTo(1);
        assertThat(noCommand.stdout()).isEqualTo(DmonUsage.limitsHelp());
        assertThat(noCommand.stderr().strip()).isEqualTo("dmon: no command to run given");
    }

    @Test
    void withARealLogProcessTheCommandStartsFirst() throws Exception {
        var r = dmon("-n", "-1", "-U", "root", "-I", "status", "echo", "hello", "--", "sh", "-c", "cat > out");
        assertThat(r.exit()).isZero();
        assertThat(read(dir.resolve("out"))).isEqualTo("hello\n");
        assertThat(read(dir.resolve("status")))
                .matches("cmd start (\\d+)\nlog start (\\d+)\ncmd exit \\1 0\nlog stop \\2\n");
    }
}
