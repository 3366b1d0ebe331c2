package io.dmon.agent.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code -d DIR}: one variable per regular file. */
class DenvEnvDirectoryTest {
    @TempDir
    Path dir;

    private void write(String name, String content) throws Exception {
        Files.writeString(dir.resolve(name), content);
    }

    @Test
    void firstLineWithTrailingWhitespaceRemovedIsTheValue() throws Exception {
        write("A", "  one  \t\r\nsecond line\n");
        write("B", "no newline");
        assertThat(EnvDirectory.read(dir)).containsExactly(
                new EnvStep.Assign("A", "  one"), new EnvStep.Assign("B", "no newline"));
    }

    @Test
    void emptyFileOrBlankFirstLineRemoves() throws Exception {
        write("EMPTY", "");
        write("BLANK", " \t\nignored\n");
        assertThat(EnvDirectory.read(dir)).containsExactly(new EnvStep.Remove("BLANK"), new EnvStep.Remove("EMPTY"));
    }

    @Test
    void symlinksDirectoriesAndDotFilesAreIgnored() throws Exception {
        write("REAL", "yes\n");
        write(".hidden", "no\n");
        Files.createSymbolicLink(dir.resolve("LINK"), dir.resolve("REAL"));
        Files.createSymbolicLink(dir.resolve("DANGLING"), dir.resolve("nowhere"));
        Files.createDirectory(dir.resolve("SUBDIR"));
        assertThat(EnvDirectory.read(dir)).containsExactly(new EnvStep.Assign("REAL", "yes"));
    }

    @Test
    void aFileNameWithEqualsSignIsAnError() throws Exception {
        write("A=B", "v\n");
        assertThatThrownBy(() -> EnvDirectory.read(dir))
                .isInstanceOf(DenvException.class)
                .hasMessage("Invalid variable name 'A=B' in '" + dir + "'.");
    }

    @Test
    void aMissingDirectoryIsReportedWithTheReason() {
        Path missing = dir.resolve("nope");
        assertThatThrownBy(() -> EnvDirectory.read(missing))
                .isInstanceOf(DenvException.class)
                .hasMessage("Cannot open directory '" + missing + "': No such file or directory.");
    }

    @Test
    void aFileInsteadOfADirectoryIsReported() throws Exception {
        write("plain", "x\n");
        Path file = dir.resolve("plain");
        assertThatThrownBy(() -> EnvDirectory.read(file))
                .isInstanceOf(DenvException.class)
                .hasMessage("Cannot open directory '" + file + "': Not a directory.");
    }
}
