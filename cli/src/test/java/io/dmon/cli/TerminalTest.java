package io.dmon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TerminalTest {

    @Test
    void aDescriptorIsATerminalWhenItsLinkNamesATerminalDevice(@TempDir Path dir) throws Exception {
        Path pts = Files.createSymbolicLink(dir.resolve("pts"), Path.of("/dev/pts/3"));
        Path tty = Files.createSymbolicLink(dir.resolve("tty"), Path.of("/dev/tty1"));
        assertThat(Terminal.isTerminal(pts)).isTrue();
        assertThat(Terminal.isTerminal(tty)).isTrue();
        // Removed here: the temporary directory's clean-up warns about links that leave it.
        Files.delete(pts);
        Files.delete(tty);
        assertThat(Terminal.isTerminal(Files.createSymbolicLink(dir.resolve("pipe"), Path.of("pipe:[1234]")))).isFalse();
        assertThat(Terminal.isTerminal(Files.createSymbolicLink(dir.resolve("file"), dir.resolve("out.txt")))).isFalse();
        assertThat(Terminal.isTerminal(dir.resolve("missing"))).isFalse();
    }

    @Test
    void underTheTestRunnerStdoutIsNoTerminal() {
        // Surefire captures the forked JVM's standard output through a pipe.
        assertThat(Terminal.detect(java.util.Map.of()).stdoutIsTerminal()).isFalse();
        assertThat(Terminal.detect(java.util.Map.of()).columns()).isEmpty();
    }

    @Test
    void colourNeedsATerminalAndNoNoColor() {
        CliContext.Builder base = CliContext.builder().out(System.out).err(System.err);
        assertThat(base.terminal(Terminal.fixed(80)).env(java.util.Map.of()).build().colour()).isTrue();
        assertThat(base.terminal(Terminal.fixed(80)).env(java.util.Map.of("NO_COLOR", "1")).build().colour()).isFalse();
        // An empty NO_COLOR does not count (https://no-color.org).
        assertThat(base.terminal(Terminal.fixed(80)).env(java.util.Map.of("NO_COLOR", "")).build().colour()).isTrue();
        assertThat(base.terminal(Terminal.none()).env(java.util.Map.of()).build().colour()).isFalse();
    }
}
