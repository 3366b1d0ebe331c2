package io.dmon.agent.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code -f FILE}: the NAME=VALUE line format. */
class DenvEnvFileTest {

    @Test
    void assignmentsInOrder() throws DenvException {
        assertThat(EnvFile.parse("A=1\nB=two words\nA=3\n", "f")).containsExactly(
                new EnvStep.Assign("A", "1"), new EnvStep.Assign("B", "two words"), new EnvStep.Assign("A", "3"));
    }

    @Test
    void commentsAndBlankLinesAreSkipped() throws DenvException {
        assertThat(EnvFile.parse("# header\n\n   \n\t# indented comment\nA=1 # not a comment\n", "f"))
                .containsExactly(new EnvStep.Assign("A", "1 # not a comment"));
    }

    @Test
    void linesAreTrimmedAtBothEnds() throws DenvException {
        assertThat(EnvFile.parse("  A=x y \t\r\nB=\u000b\f\n", "f"))
                .containsExactly(new EnvStep.Assign("A", "x y"), new EnvStep.Remove("B"));
    }

    @Test
    void missingValueRemovesWithOrWithoutEqualsSign() throws DenvException {
        assertThat(EnvFile.parse("A=\nB\nC=   \n", "f")).containsExactly(
                new EnvStep.Remove("A"), new EnvStep.Remove("B"), new EnvStep.Remove("C"));
    }

    @Test
    void onlyTheFirstEqualsSignSplits() throws DenvException {
        assertThat(EnvFile.parse("URL=http://h/?a=b\n", "f")).containsExactly(new EnvStep.Assign("URL", "http://h/?a=b"));
    }

    @Test
    void aLastLineWithoutNewlineCounts() throws DenvException {
        assertThat(EnvFile.parse("A=1\nB=2", "f"))
                .containsExactly(new EnvStep.Assign("A", "1"), new EnvStep.Assign("B", "2"));
    }

    @Test
    void aLineWithoutANameIsAnError() {
        assertThatThrownBy(() -> EnvFile.parse("A=1\n=oops\n", "vars.env"))
                .isInstanceOf(DenvException.class)
                .hasMessage("Missing variable name in 'vars.env' line 2.");
    }

    @Test
    void readsUtf8FromDisk(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("vars.env");
        Files.writeString(file, "GREETING=¡hola, señor!\n", StandardCharsets.UTF_8);
        assertThat(EnvFile.read(file)).containsExactly(new EnvStep.Assign("GREETING", "¡hola, señor!"));
    }

    @Test
    void aMissingFileIsReportedWithTheReason(@TempDir Path dir) {
        Path file = dir.resolve("nope.env");
        assertThatThrownBy(() -> EnvFile.read(file))
                .isInstanceOf(DenvException.class)
                .hasMessage("Cannot open '" + file + "': No such file or directory.");
    }
}
