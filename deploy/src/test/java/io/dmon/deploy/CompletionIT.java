package io.dmon.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dmonctl's bash completion as a shell runs it: the script the build generated, sourced by bash,
 * its completion function called with the words of a half-typed line, the real dmonctl (the
 * distribution's launcher) asking a real coordinator for job ids and host names.
 */
class CompletionIT {
    static final Path SCRIPT = Path.of(System.getProperty("dmon.kit", "target/kit"), "completion", "bash", "dmonctl")
            .toAbsolutePath();

    @TempDir
    static Path dir;

    static Process dev;
    static String coordinator;

    @BeforeAll
    static void devFleet() throws Exception {
        int grpc = ListenPorts.free();
        dev = Dist.start(dir.resolve("dev.log"), Map.of("XDG_STATE_HOME", dir.toString()), "dmon-coordinator", "--dev",
                "--listen", "127.0.0.1:" + grpc, "--hazelcast-port", Integer.toString(ListenPorts.free()), "--name",
                "comphost", "--allow-root");
        coordinator = "127.0.0.1:" + grpc;
        Dist.await("the dev fleet answers", Duration.ofSeconds(90), () -> ctl(coordinator, "hosts").contains("comphost"));
        assertThat(ctl(coordinator, "run", "--host", "comphost", "--name", "alpha", "sleep", "600"))
                .contains("alpha@comphost");
        assertThat(ctl(coordinator, "run", "--host", "comphost", "--name", "beta", "sleep", "600"))
                .contains("beta@comphost");
    }

    @AfterAll
    static void stopDevFleet() throws InterruptedException {
        if (dev != null) {
            dev.destroy();
            if (!dev.waitFor(60, TimeUnit.SECONDS)) {
                dev.destroyForcibly();
            }
        }
    }

    @Test
    void jobIdsAndHostNamesComeFromTheCoordinator() throws Exception {
        // A coordinator that answers late is left out by design (nothing is offered then), and
        // this machine may be busy: each line is asked until it is answered.
        Completed stop = completes("dmonctl --coordinator " + coordinator + " stop ",
                List.of("alpha@comphost", "beta@comphost"));
        assertThat(stop.errors()).isEmpty();
        completes("dmonctl --coordinator " + coordinator + " logs al", List.of("alpha@comphost"));
        completes("dmonctl --coordinator " + coordinator + " run --host ", List.of("comphost"));
        completes("dmonctl --coordinator " + coordinator + " gate add g --watch ", List.of("avg", "comphost", "max"));
        // Everything else is picocli's, from dmonctl's own model.
        assertThat(complete("dmonctl --coordinator " + coordinator + " pa").words()).containsExactly("pause");
        assertThat(complete("dmonctl --coordinator " + coordinator + " stop --al").words()).containsExactly("--all");
    }

    /**
     * The Tab key in interactive bash and zsh (in tmux), the completion loaded as the package
     * installs it: bash sources the script, zsh autoloads {@code _dmonctl} from its function path.
     */
    @Test
    void theTabKeyCompletesInBashAndZsh() throws Exception {
        boolean tools = has("tmux") && has("zsh");
        if (!tools && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("CI=true but tmux or zsh is missing (.ci/run installs them)");
        }
        Assumptions.assumeTrue(tools, "skipped: tmux or zsh is missing (apt-get install tmux zsh)");
        Path home = dir.resolve("shells");
        Path bashDir = home.resolve("bash-completion");
        Path zshDir = home.resolve("zsh-functions");
        Files.createDirectories(bashDir);
        Files.createDirectories(zshDir);
        Files.copy(SCRIPT, bashDir.resolve("dmonctl"), StandardCopyOption.REPLACE_EXISTING);
        // The zsh function sources the bash script from where the package puts it; here, from bashDir.
        Files.writeString(zshDir.resolve("_dmonctl"), Files.readString(SCRIPT.resolveSibling("../zsh/_dmonctl")
                .normalize()).replace("/usr/share/bash-completion/completions", bashDir.toString()));
        Files.writeString(home.resolve(".zshrc"), "fpath=(" + zshDir + " $fpath)\nautoload -U compinit && compinit -u\n"
                + "PS1='" + Tmux.PROMPT + " '\n");
        Files.writeString(home.resolve(".bashrc"), "source " + bashDir.resolve("dmonctl") + "\nPS1='" + Tmux.PROMPT + " '\n");
        String path = Dist.HOME.resolve("bin") + ":" + System.getenv("PATH");
        try (Tmux bash = new Tmux("bash-" + ProcessHandle.current().pid(), List.of("env", "PATH=" + path,
                "HOME=" + home, "bash", "--rcfile", home.resolve(".bashrc").toString(), "-i"));
                Tmux zsh = new Tmux("zsh-" + ProcessHandle.current().pid(), List.of("env", "PATH=" + path,
                        "ZDOTDIR=" + home, "HOME=" + home, "zsh", "-i"))) {
            for (Tmux shell : List.of(bash, zsh)) {
                shell.typeUntil("dmonctl --coordinator " + coordinator + " stop al",
                        screen -> screen.contains("stop alpha@comphost"));
                shell.typeUntil("dmonctl --coordinator " + coordinator + " pa", screen -> screen.contains(" pause"));
                shell.typeUntil("dmonctl --coordinator " + coordinator + " run --host com",
                        screen -> screen.contains("--host comphost"));
                assertThat(shell.screen()).as(shell.name()).doesNotContain("not found").doesNotContain("error");
            }
        }
    }

    @Test
    void aCoordinatorThatDoesNotAnswerCostsTheDeadlineAndPrintsNothing() throws Exception {
        // Accepts connections and never says a word: only the deadline ends the question.
        try (ServerSocket silent = new ServerSocket(0)) {
            List<Socket> held = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (IOException e) {
                    // Closed at the end of the test.
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            String coordinator = "127.0.0.1:" + silent.getLocalPort();
            long t0 = System.nanoTime();
            Dist.Ran ran = Dist.run(dir, "dmonctl", "--coordinator", coordinator, "__complete", "jobs");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(ran.output()).isEmpty();
            assertThat(ran.exit()).isEqualTo(1);
            // dmonctl's own deadline is 10 s: the question must give up long before that.
            assertThat(ms).as("ms").isLessThan(8_000);
            Completed stop = complete("dmonctl --coordinator " + coordinator + " stop ");
            assertThat(stop.words()).isEmpty();
            assertThat(stop.errors()).isEmpty();
            for (Socket s : held) {
                s.close();
            }
        }
    }

    record Completed(List<String> words, String errors) { }

    /** {@link #complete} until it offers exactly {@code expected} (sorted), for up to a minute. */
    private Completed completes(String line, List<String> expected) throws InterruptedException {
        Completed[] last = new Completed[1];
        try {
            Dist.await("'" + line + "' completed to " + expected, Duration.ofSeconds(60), () -> {
                try {
                    last[0] = complete(line);
                    return last[0].words().equals(expected);
                } catch (IOException e) {
                    return false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last offered " + (last[0] == null ? "nothing" : last[0]), e);
        }
        return last[0];
    }

    /** What bash offers for {@code line} (its last word the one being completed), and what it wrote on stderr. */
    private Completed complete(String line) throws IOException, InterruptedException {
        // Called outside a real completion, compopt would refuse; it only tunes how bash shows the words.
        String script = "source \"$1\"\ncompopt() { :; }\n"
                + "read -r -a COMP_WORDS <<< \"$2\"\n"
                + "case \"$2\" in *' ') COMP_WORDS+=(''); esac\n"
                + "COMP_CWORD=$((${#COMP_WORDS[@]} - 1))\n"
                + "COMP_LINE=\"$2\"\nCOMP_POINT=${#COMP_LINE}\n"
                + "_dmonctl_dynamic\n"
                + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", script, "bash", SCRIPT.toString(), line)
                .redirectError(dir.resolve("complete.err").toFile());
        pb.environment().put("PATH", Dist.HOME.resolve("bin") + ":" + System.getenv("PATH"));
        pb.environment().remove("DMON_COORDINATOR");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("bash completion of '%s'", line).isZero();
        List<String> words = out.lines().map(String::strip).filter(w -> !w.isEmpty()).sorted().toList();
        return new Completed(words, Files.readString(dir.resolve("complete.err")).strip());
    }

    private static boolean has(String tool) throws IOException, InterruptedException {
        return new ProcessBuilder("sh", "-c", "command -v " + tool).start().waitFor() == 0;
    }

    private static String ctl(String coordinator, String... args) {
        List<String> all = new ArrayList<>(List.of("--coordinator", coordinator));
        all.addAll(List.of(args));
        try {
            Dist.Ran ran = Dist.run(dir, "dmonctl", all.toArray(new String[0]));
            return ran.exit() == 0 ? ran.output() : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
