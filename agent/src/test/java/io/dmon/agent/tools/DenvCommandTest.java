package io.dmon.agent.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** denv as a real process: a JVM started on the test class path, replaced by the command. */
class DenvCommandTest {
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final long DEADLINE_SECONDS = 30;

    @TempDir
    Path tmp;

    /** What a finished denv run left behind. */
    record Run(long pid, int status, String out, String err) {
        List<String> envEntries() {
            // env -0: entries end with NUL, so values may hold newlines.
            return out.isEmpty() ? List.of() : Arrays.asList(out.split("\0"));
        }

        List<String> errLines() {
            return err.isEmpty() ? List.of() : err.lines().toList();
        }
    }

    /** The environment denv itself is started with: small and known. */
    private static Map<String, String> parentEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/bin:/bin");
        env.put("DENV_A", "alpha");
        env.put("DENV_B", "beta with spaces");
        return env;
    }

    private Run denv(String... args) throws Exception {
        return denv(parentEnv(), args);
    }

    private Run denv(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(JAVA, "-cp", System.getProperty("java.class.path"),
                DenvCommand.class.getName()));
        cmd.addAll(List.of(args));
        return start(cmd, env);
    }

    /** Runs denv from a shell that first prepares something denv should hand on. */
    private Run denvUnderShell(String prelude, String... args) throws Exception {
        StringBuilder script = new StringBuilder(prelude).append("; exec \"$@\"");
        List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c", script.toString(), "sh", JAVA, "-cp",
                System.getProperty("java.class.path"), DenvCommand.class.getName()));
        cmd.addAll(List.of(args));
        return start(cmd, parentEnv());
    }

    private Run start(List<String> cmd, Map<String, String> env) throws Exception {
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("denv did not finish within " + DEADLINE_SECONDS + " s: " + cmd);
        }
        return new Run(p.pid(), p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private static void assertFailed(Run run, String message) {
        assertThat(run.status()).as("exit status; stderr: %s", run.err()).isEqualTo(111);
        assertThat(run.out()).isEmpty();
        assertThat(run.errLines()).containsExactly("denv: " + message);
    }

    private Path script(String name, String body, String perms) throws IOException {
        Path file = tmp.resolve(name);
        Files.writeString(file, body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(perms));
        return file;
    }

    // ---- the environment ----

    @Test
    void theEnvironmentStartsEmpty() throws Exception {
        Run run = denv("env", "-0");
        assertThat(run.status()).isZero();
        assertThat(run.envEntries()).isEmpty();
        assertThat(run.err()).isEmpty();
    }

    @Test
    void inheritEnvPassesDenvsWholeEnvironment() throws Exception {
        Run run = denv("-I", "env", "-0");
        assertThat(run.status()).isZero();
        assertThat(run.envEntries()).containsExactlyInAnyOrder(
                "PATH=/usr/bin:/bin", "DENV_A=alpha", "DENV_B=beta with spaces");
        assertThat(denv("--inherit-env", "env", "-0").envEntries()).hasSize(3);
    }

    @Test
    void inheritTakesSingleVariablesAndSkipsUnsetOnes() throws Exception {
        Run run = denv("-i", "DENV_B", "--inherit", "DENV_NOT_SET", "-i", "DENV", "env", "-0");
        assertThat(run.status()).isZero();
        assertThat(run.envEntries()).containsExactly("DENV_B=beta with spaces");
    }

    @Test
    void environSetsAndRemoves() throws Exception {
        Run run = denv("-I", "-E", "DENV_A", "--environ", "NEW=v=w", "-E", "EMPTY=", "-E", "NEVER_SET", "env", "-0");
        assertThat(run.status()).isZero();
        assertThat(run.envEntries()).containsExactlyInAnyOrder(
                "PATH=/usr/bin:/bin", "DENV_B=beta with spaces", "NEW=v=w", "EMPTY=");
    }

    @Test
    void envdirReadsRegularFilesOnly() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("env.d"));
        Files.writeString(dir.resolve("HOST"), "db.example  \nsecond line ignored\n");
        Files.writeString(dir.resolve("PORT"), "5432");
        Files.writeString(dir.resolve("DENV_A"), "");
        Files.writeString(dir.resolve(".hidden"), "no\n");
        Files.writeString(tmp.resolve("outside"), "no\n");
        Files.createSymbolicLink(dir.resolve("LINKED"), tmp.resolve("outside"));
        Files.createDirectory(dir.resolve("SUBDIR"));

        Run run = denv("-I", "-d", dir.toString(), "env", "-0");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.envEntries()).containsExactlyInAnyOrder(
                "PATH=/usr/bin:/bin", "DENV_B=beta with spaces", "HOST=db.example", "PORT=5432");
    }

    @Test
    void fileReadsAssignmentsSkipsCommentsAndRemoves() throws Exception {
        Path file = tmp.resolve("vars.env");
        Files.writeString(file, """
                # database settings

                  HOST = keeps spaces in the name's line
                URL=postgres://db/app?ssl=true
                DENV_A=
                DENV_B
                   # indented comment
                LAST=no newline at the end""");

        Run run = denv("-I", "--file", file.toString(), "env", "-0");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.envEntries()).containsExactlyInAnyOrder("PATH=/usr/bin:/bin",
                "HOST = keeps spaces in the name's line", "URL=postgres://db/app?ssl=true",
                "LAST=no newline at the end");
    }

    @Test
    void optionsApplyInCommandLineOrder() throws Exception {
        Path file = tmp.resolve("vars.env");
        Files.writeString(file, "X=from-file\nDENV_A=from-file\n");
        Path dir = Files.createDirectory(tmp.resolve("env.d"));
        Files.writeString(dir.resolve("X"), "from-dir\n");

        Run run = denv("-E", "X=first", "-E", "DENV_A=first", "-f", file.toString(), "-d", dir.toString(),
                "-i", "DENV_A", "env", "-0");
        assertThat(run.envEntries()).containsExactlyInAnyOrder("X=from-dir", "DENV_A=alpha");

        Run reversed = denv("-i", "DENV_A", "-d", dir.toString(), "-f", file.toString(), "-E", "X=last", "env", "-0");
        assertThat(reversed.envEntries()).containsExactlyInAnyOrder("X=last", "DENV_A=from-file");

        Run inheritLast = denv("-E", "DENV_A=mine", "-E", "OWN=1", "-I", "env", "-0");
        assertThat(inheritLast.envEntries()).contains("DENV_A=alpha", "OWN=1");
    }

    @Test
    void nonAsciiBytesSurviveTheCLocale() throws Exception {
        assumeTrue(StandardCharsets.UTF_8.name().equals(System.getProperty("sun.jnu.encoding")),
                "the test JVM must pass UTF-8 arguments and environment to denv");
        Map<String, String> env = parentEnv();
        env.put("LC_ALL", "C");
        env.put("CAFE", "café ☕");
        Run run = denv(env, "-I", "-E", "NINO=niño", "env", "-0");
        assertThat(run.status()).isZero();
        assertThat(run.envEntries()).contains("CAFE=café ☕", "NINO=niño");
    }

    // ---- the exec ----

    @Test
    void theCommandReplacesDenvInTheSameProcess() throws Exception {
        Run run = denv("-I", "sh", "-c", "echo $$");
        assertThat(run.status()).isZero();
        assertThat(run.out().trim()).isEqualTo(Long.toString(run.pid()));
    }

    @Test
    void theCommandsExitStatusIsDenvs() throws Exception {
        assertThat(denv("sh", "-c", "exit 7").status()).isEqualTo(7);
        assertThat(denv("sh", "-c", "exit 0").status()).isZero();
        // Killed by a signal: the JDK reports 128 + signal number.
        assertThat(denv("sh", "-c", "kill -TERM $$").status()).isEqualTo(128 + 15);
    }

    @Test
    void theCommandIsFoundInDenvsPathNotTheNewOne() throws Exception {
        Path bin = Files.createDirectory(tmp.resolve("bin"));
        script("bin/only-in-new-path", "#!/bin/sh\necho found\n", "rwxr-xr-x");

        Run run = denv("-E", "PATH=" + bin, "sh", "-c", "echo $PATH");
        assertThat(run.status()).isZero();
        assertThat(run.out().trim()).isEqualTo(bin.toString());

        assertFailed(denv("-E", "PATH=" + bin, "only-in-new-path"),
                "Cannot execute 'only-in-new-path': No such file or directory.");

        Map<String, String> env = parentEnv();
        env.put("PATH", bin + ":/usr/bin:/bin");
        Run inOldPath = denv(env, "only-in-new-path");
        assertThat(inOldPath.out().trim()).isEqualTo("found");
    }

    @Test
    void aScriptWithoutInterpreterLineRunsUnderTheShell() throws Exception {
        Path plain = script("plain-script", "echo \"script ran with $# args: $*\"\n", "rwxr-xr-x");
        Run run = denv(plain.toString(), "a", "b");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out().trim()).isEqualTo("script ran with 2 args: a b");
    }

    @Test
    void theCommandGetsDenvsDescriptorsAndNoneOfTheJvms() throws Exception {
        Run run = denvUnderShell("exec 7</dev/null", "ls", "/proc/self/fd");
        assertThat(run.status()).as(run.err()).isZero();
        // 3 is ls's own listing of the directory.
        assertThat(run.out().lines()).containsExactlyInAnyOrder("0", "1", "2", "3", "7");
    }

    @Test
    void signalsIgnoredWhenDenvStartedStayIgnored() throws Exception {
        Run run = denvUnderShell("trap '' HUP", "grep", "^SigIgn:", "/proc/self/status");
        assertThat(run.status()).as(run.err()).isZero();
        long ignored = Long.parseUnsignedLong(run.out().substring("SigIgn:".length()).trim(), 16);
        assertThat(ignored & 1L).as("SIGHUP ignored").isEqualTo(1L);
        assertThat(ignored & (1L << 14)).as("SIGTERM ignored").isZero();
    }

    @Test
    void helpPrintsTheUsageAndExitsZero() throws Exception {
        Run run = denv("--help");
        assertThat(run.status()).isZero();
        assertThat(run.out()).startsWith("Usage: denv [options] command").contains("--envdir DIR");
        assertThat(run.err()).isEmpty();
        assertThat(denv("-h").out()).isEqualTo(run.out());
    }

    // ---- failures: one line, status 111 ----

    @Test
    void noCommandFails() throws Exception {
        assertFailed(denv(), "No command specified.");
        assertFailed(denv("-I", "-E", "A=1"), "No command specified.");
    }

    @Test
    void aMissingCommandFails() throws Exception {
        assertFailed(denv("-I", "no-such-command-denv"), "Cannot execute 'no-such-command-denv': No such file or directory.");
        Path missing = tmp.resolve("missing");
        assertFailed(denv(missing.toString()), "Cannot execute '" + missing + "': No such file or directory.");
    }

    @Test
    void aNonExecutableCommandFails() throws Exception {
        Path file = script("not-executable", "#!/bin/sh\necho never\n", "rw-r--r--");
        assertFailed(denv(file.toString()), "Cannot execute '" + file + "': Permission denied.");
        assertFailed(denv(tmp.toString()), "Cannot execute '" + tmp + "': Permission denied.");
    }

    @Test
    void aMissingEnvdirFails() throws Exception {
        Path dir = tmp.resolve("no-such-dir");
        assertFailed(denv("-d", dir.toString(), "env"),
                "Cannot open directory '" + dir + "': No such file or directory.");
    }

    @Test
    void aMissingEnvFileFails() throws Exception {
        Path file = tmp.resolve("no-such-file");
        assertFailed(denv("-f", file.toString(), "env"), "Cannot open '" + file + "': No such file or directory.");
    }

    @Test
    void badOptionsFail() throws Exception {
        assertFailed(denv("--bogus", "env"), "no such option: '--bogus'");
        assertFailed(denv("-x", "env"), "no such option: '-x'");
        assertFailed(denv("-I", "-E"), "missing argument: '-E'");
    }
}
