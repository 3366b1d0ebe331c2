package io.dmon.agent.output;

import static io.dmon.agent.output.TestFiles.accept;
import static io.dmon.agent.output.TestFiles.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dmon.spec.SpecException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InProcessLogToolsTest {
    @TempDir
    Path work;

    private Optional<LineSink> open(Map<String, String> env, String... command) throws SpecException {
        return InProcessLogTools.open(List.of(command), work, env, io.dmon.agent.process.Posix.load());
    }

    @Test
    void otherCommandsAreNotRunInProcess() throws SpecException {
        assertThat(open(Map.of(), "cat")).isEmpty();
        assertThat(open(Map.of(), "/usr/bin/logger", "-t", "x")).isEmpty();
        assertThat(InProcessLogTools.open(List.of(), work, Map.of(), null)).isEmpty();
        assertThat(open(Map.of(), "/")).isEmpty();
    }

    @Test
    void dlogWithARelativeFileWritesUnderTheWorkDirectory() throws Exception {
        try (LineSink sink = open(Map.of(), "/opt/dmon/bin/dlog", "-b", "-p", "job", "out.log").orElseThrow()) {
            assertThat(sink).isInstanceOf(DlogSink.class);
            accept(sink, "hi\n");
        }
        assertThat(read(work.resolve("out.log"))).isEqualTo("job hi\n");
    }

    @Test
    void theToolsOptionsVariableComesFirstAndTheCommandLineOverridesIt() throws Exception {
        Map<String, String> env = Map.of("DLOG_OPTIONS", "-p 'from env' -b");
        try (LineSink sink = open(env, "dlog", "a.log").orElseThrow()) {
            accept(sink, "x\n");
        }
        try (LineSink sink = open(env, "dlog", "-p", "mine", "b.log").orElseThrow()) {
            accept(sink, "y\n");
        }
        assertThat(read(work.resolve("a.log"))).isEqualTo("from env x\n");
        assertThat(read(work.resolve("b.log"))).isEqualTo("mine y\n");
    }

    @Test
    void longOptionsWork() throws Exception {
        try (LineSink sink = open(Map.of(), "dlog", "--buffered", "--skip-empty", "--prefix", "P", "--input-fd", "7",
                "c.log").orElseThrow()) {
            accept(sink, "z\n\n");
        }
        assertThat(read(work.resolve("c.log"))).isEqualTo("P z\n");
    }

    @Test
    void bundledFlagsAndAttachedValuesAreRefusedAsDmonsToolsRefuseThem() {
        assertRefused("dlog: unknown option '-be' (options are not bundled: write -b -e)", "dlog", "-be", "c.log");
        assertRefused("dlog: unknown option '--prefix=P' (give the value as the next word: --prefix P)",
                "dlog", "--prefix=P", "c.log");
        assertRefused("dlog: unknown option '-pP' (give the value as the next word: -p P)", "dlog", "-pP", "c.log");
    }

    @Test
    void drlogTakesSuffixedSizesAndTimesAndCreatesTheDirectory() throws Exception {
        Map<String, String> env = Map.of("DRLOG_OPTIONS", "-m 3");
        try (LineSink sink = open(env, "drlog", "-s", "1k", "-T", "2M", "--max-files", "4", "logs").orElseThrow()) {
            assertThat(sink).isInstanceOf(DrlogSink.class);
            accept(sink, "line\n");
        }
        assertThat(read(work.resolve("logs/current"))).isEqualTo("line\n");
    }

    @Test
    void dslogBuildsASyslogSink() throws SpecException {
        Optional<LineSink> sink = open(Map.of("DSLOG_SOCKET", "/nowhere"), "dslog", "-f", "LOCAL0", "-p", "info", "app");
        assertThat(sink).get().isInstanceOf(DslogSink.class);
    }

    @Test
    void helpIsLeftToTheRealProgram() throws SpecException {
        assertThat(open(Map.of(), "dlog", "--help")).isEmpty();
        assertThat(open(Map.of(), "drlog", "-h")).isEmpty();
        assertThat(open(Map.of("DSLOG_OPTIONS", "--help"), "dslog", "app")).isEmpty();
    }

    @Test
    void badInputIsOneLineNamingTheToolAndTheProblem() {
        assertRefused("dlog: unknown option '-x'", "dlog", "-x", "f");
        assertRefused("dlog: option -p needs a value", "dlog", "-p");
        assertRefused("drlog: option -s: bad size value '10q' (a whole number of bytes, optionally suffixed with k, m, g)",
                "drlog", "-s", "10q", "logs");
        assertRefused("drlog: option -T: bad time value '3x' (a whole number of seconds, optionally suffixed with "
                + "s, m, h, d, w, M, y)", "drlog", "-T", "3x", "logs");
        assertRefused("drlog: option -m: bad number of files 'many'", "drlog", "-m", "many", "logs");
        assertRefused("drlog: no log directory path was specified", "drlog", "-t");
        assertRefused("dslog: option -f: unknown facility 'nope'", "dslog", "-f", "nope", "x");
        assertRefused("dslog: process name not specified", "dslog");
        assertRefused("dlog: option -i: bad descriptor 'x'", "dlog", "-i", "x", "f");
    }

    @Test
    void missingOrUnwritablePlacesAreRefusedBeforeAnythingRuns() throws IOException {
        assertRefused("dlog: cannot open '" + work.resolve("no/such/file") + "': No such file or directory",
                "dlog", "no/such/file");
        Files.createDirectory(work.resolve("adir"));
        assertRefused("dlog: cannot open '" + work.resolve("adir") + "': Is a directory", "dlog", "adir");
        assertRefused("drlog: output directory does not exist, nor does its parent: " + work.resolve("a/b"),
                "drlog", "a/b");
        Files.writeString(work.resolve("plain"), "");
        assertRefused("drlog: output path is not a directory: " + work.resolve("plain"), "drlog", "plain");
    }

    @Test
    void anOptionsVariableThatCannotBeSplitIsBadInput() {
        assertThatThrownBy(() -> open(Map.of("DLOG_OPTIONS", "-p 'open"), "dlog", "f"))
                .isInstanceOf(SpecException.class)
                .hasMessage("dlog: DLOG_OPTIONS: unterminated single quote");
    }

    private void assertRefused(String message, String... command) {
        assertThatThrownBy(() -> open(Map.of(), command)).isInstanceOf(SpecException.class).hasMessage(message);
    }
}
