package io.dmon.agent.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.agent.output.DrlogArgs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The programs as real processes: stdin, files, signals, exit status, one-line errors. */
class LogToolsProcessTest {
    @TempDir
    Path dir;

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.nio.file.NoSuchFileException e) {
            // drlog renames current away and then makes a new one: polled in between, it is missing.
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void dlogAppendsItsInputAndTerminatesALastLineAtEndOfInput() throws Exception {
        ToolProcess p = ToolProcess.start(dir, Map.of(), DlogCommand.class, "out.log");
        p.write("a\n\nb\nlast");
        p.closeInput();
        assertThat(p.exitStatus()).isZero();
        assertThat(read(dir.resolve("out.log"))).isEqualTo("a\n\nb\nlast\n");
        assertThat(p.stderr()).isEmpty();
    }

    @Test
    void dlogWithoutAFileWritesToStandardOutputWithOptionsFromItsVariable() throws Exception {
        ToolProcess p = ToolProcess.start(dir, Map.of("DLOG_OPTIONS", "-e -p 'my job'"), DlogCommand.class);
        p.write("x\n\ny\n");
        p.closeInput();
        assertThat(p.stdout()).isEqualTo("my job x\nmy job y\n");
        assertThat(p.exitStatus()).isZero();
    }

    @Test
    void dlogTimestampsInUtc() throws Exception {
        ToolProcess p = ToolProcess.start(dir, Map.of(), DlogCommand.class, "-t", "out.log");
        p.write("stamped\n");
        p.closeInput();
        assertThat(p.exitStatus()).isZero();
        assertThat(read(dir.resolve("out.log"))).matches("\\d{4}-\\d\\d-\\d\\d/\\d\\d:\\d\\d:\\d\\d stamped\n");
    }

    @Test
    void dashIReadsAnotherDescriptor() throws Exception {
        Files.writeString(dir.resolve("input"), "from fd 3\n");
        List<String> java = ToolProcess.javaCommand(DlogCommand.class, "-i", "3", "out.log");
        String script = java.stream().map(w -> "'" + w + "'").collect(Collectors.joining(" ")) + " 3< input";
        ToolProcess p = ToolProcess.startCommand(dir, Map.of(), List.of("sh", "-c", "exec " + script + " < /dev/null"));
        assertThat(p.exitStatus()).isZero();
        assertThat(read(dir.resolve("out.log"))).isEqualTo("from fd 3\n");
    }

    @Test
    void hupAfterRenameSendsTheNextLinesToANewFileOfTheSameName() throws Exception {
        Path log = dir.resolve("out.log");
        Path rotated = dir.resolve("out.log.1");
        ToolProcess p = ToolProcess.start(dir, Map.of(), DlogCommand.class, "out.log");
        p.write("one\n");
        ToolProcess.await("the first line is on disk", () -> read(log).equals("one\n"));
        Files.move(log, rotated);
        p.signal("HUP");
        ToolProcess.await("dlog has closed the renamed file", () -> !holdsOpen(p.pid(), rotated));
        p.write("two\n");
        ToolProcess.await("the second line is in a new out.log", () -> read(log).equals("two\n"));
        p.closeInput();
        assertThat(p.exitStatus()).isZero();
        assertThat(read(rotated)).isEqualTo("one\n");
        assertThat(read(log)).isEqualTo("two\n");
    }

    @Test
    void hupAndIntReachTheToolEvenWhenTheTestWasStartedWithThemIgnored() throws Exception {
        Path log = dir.resolve("out.log");
        Path rotated = dir.resolve("out.log.1");
        // What nohup and a shell's & do to what they start: HUP and INT ignored.
        ToolProcess p = ToolProcess.startWrapped(dir, Map.of(), List.of("sh", "-c", "trap '' HUP INT; exec \"$@\"", "sh"),
                ToolProcess.javaCommand(DlogCommand.class, "out.log"));
        p.write("one\n");
        ToolProcess.await("the first line is on disk", () -> read(log).equals("one\n"));
        Files.move(log, rotated);
        p.signal("HUP");
        ToolProcess.await("dlog has closed the renamed file", () -> !holdsOpen(p.pid(), rotated));
        p.write("two\n");
        ToolProcess.await("the second line is in a new out.log", () -> read(log).equals("two\n"));
        p.signal("INT");
        assertThat(p.exitStatus()).isZero();
    }

    @Test
    void termWhileWaitingForInputWritesWhatWasReadAndExitsZero() throws Exception {
        Path log = dir.resolve("out.log");
        ToolProcess p = ToolProcess.start(dir, Map.of(), DlogCommand.class, "out.log");
        p.write("full\npartial");
        ToolProcess.await("the whole line is on disk", () -> read(log).equals("full\n"));
        p.signal("TERM");
        assertThat(p.exitStatus()).isZero();
        assertThat(read(log)).isEqualTo("full\npartial\n");
        assertThat(p.stderr()).isEmpty();
    }

    @Test
    void drlogRotatesAndIntExitsZero() throws Exception {
        Path logs = dir.resolve("logs");
        ToolProcess p = ToolProcess.start(dir, Map.of("DRLOG_OPTIONS", "-m 1000"), DrlogCommand.class,
                "-s", "100", "logs");
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            all.append(String.format("line %05d\n", i));
        }
        p.write(all.toString());
        ToolProcess.await("the last line is in current", () -> read(logs.resolve("current")).endsWith("line 00299\n"));
        p.signal("INT");
        assertThat(p.exitStatus()).isZero();
        StringBuilder kept = new StringBuilder();
        List<String> names;
        try (Stream<Path> files = Files.list(logs)) {
            names = files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("log-")).sorted()
                    .collect(Collectors.toList());
        }
        for (String name : names) {
            kept.append(read(logs.resolve(name)));
        }
        kept.append(read(logs.resolve("current")));
        assertThat(kept.toString()).isEqualTo(all.toString());
        assertThat(names).hasSize(29);
        assertThat(read(logs.resolve(".timestamp"))).matches("\\d+\n");
    }

    @Test
    void dlogIgnoresAWordAfterFileAsDmonDoes() throws Exception {
        ToolProcess p = ToolProcess.start(dir, Map.of(), DlogCommand.class, "out.log", "extra");
        p.write("kept\n");
        p.closeInput();
        assertThat(p.exitStatus()).isZero();
        assertThat(read(dir.resolve("out.log"))).isEqualTo("kept\n");
        assertThat(dir.resolve("extra")).doesNotExist();
        assertThat(p.stderr()).isEmpty();
    }

    @Test
    void drlogWithEmptyInputStillCreatesCurrentAndTheTimestamp() throws Exception {
        Path logs = Files.createDirectory(dir.resolve("logs"));
        ToolProcess p = ToolProcess.start(dir, Map.of(), DrlogCommand.class, "logs");
        p.closeInput();
        assertThat(p.exitStatus()).isZero();
        assertThat(p.stderr()).isEmpty();
        assertThat(read(logs.resolve("current"))).isEmpty();
        assertThat(Files.getPosixFilePermissions(logs.resolve("current")))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
        assertThat(read(logs.resolve(".timestamp"))).matches("\\d+\n");
    }

    @Test
    void dslogReadsToTheEndAndExitsZero() throws Exception {
        ToolProcess p = ToolProcess.start(dir, Map.of("DSLOG_SOCKET", dir.resolve("no-logger").toString()),
                DslogCommand.class, "-p", "info", "app");
        p.write("hello\n");
        p.closeInput();
        assertThat(p.exitStatus()).isZero();
        assertThat(p.stderr()).isEmpty();
    }

    @Test
    void helpIsPrintedOnStandardOutputWithStatusZero() throws Exception {
        ToolProcess p = ToolProcess.start(dir, Map.of(), DrlogCommand.class, "--help");
        String out = p.stdout();
        assertThat(p.exitStatus()).isZero();
        assertThat(out).isEqualTo(DrlogArgs.USAGE).contains("-m, --max-files NUM", "-T, --max-time TIME",
                "-s, --max-size SIZE", "-i, --input-fd FD", "-b, --buffered", "-t, --timestamp", "-e, --skip-empty",
                "-h, --help");
        assertThat(p.stderr()).isEmpty();
    }

    @Test
    void badInputIsOneLineOnStandardErrorWithStatusOne() throws Exception {
        Files.writeString(dir.resolve("plain"), "");
        assertRefused("dlog: unknown option '-x'", DlogCommand.class, "-x");
        assertRefused("dlog: unknown option '-tb' (options are not bundled: write -t -b)", DlogCommand.class, "-tb", "f");
        assertRefused("dslog: option -p needs a value", DslogCommand.class, "-p");
        assertRefused("drlog: option -s: bad size value '5z' (a whole number of bytes, optionally suffixed with k, m, g)",
                DrlogCommand.class, "-s", "5z", "logs");
        assertRefused("drlog: output directory does not exist, nor does its parent: " + dir.resolve("a/b"),
                DrlogCommand.class, "a/b");
        assertRefused("dlog: cannot open '" + dir.resolve("nodir/f") + "': No such file or directory",
                DlogCommand.class, "nodir/f");
        assertRefused("dslog: option -p: unknown priority 'shout'", DslogCommand.class, "-p", "shout", "x");
        // DMon's facility table has no authpriv ("auth" is LOG_AUTHPRIV there) and no syslog.
        assertRefused("dslog: option -f: unknown facility 'authpriv'", DslogCommand.class, "-f", "authpriv", "x");
        assertRefused("dslog: option -f: unknown facility 'syslog'", DslogCommand.class, "-f", "syslog", "x");
        assertRefused("dslog: process name not specified", DslogCommand.class);
        assertRefused("dlog: cannot read from descriptor 987: No such file or directory", DlogCommand.class,
                "-i", "987", "f");
    }

    private void assertRefused(String message, Class<?> main, String... args) throws Exception {
        ToolProcess p = ToolProcess.start(dir, Map.of(), main, args);
        p.closeInput();
        String err = p.stderr();
        assertThat(p.exitStatus()).as("exit status of %s", message).isEqualTo(1);
        assertThat(err).isEqualTo(message + "\n");
        assertThat(p.stdout()).isEmpty();
    }

    /** True if process {@code pid} has a descriptor open on {@code file}. */
    private static boolean holdsOpen(long pid, Path file) {
        List<Path> fds = new ArrayList<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            entries.forEach(fds::add);
        } catch (IOException e) {
            return false;
        }
        for (Path fd : fds) {
            try {
                if (Files.readSymbolicLink(fd).toString().equals(file.toString())) {
                    return true;
                }
            } catch (IOException e) {
                // closed meanwhile
            }
        }
        return false;
    }
}
