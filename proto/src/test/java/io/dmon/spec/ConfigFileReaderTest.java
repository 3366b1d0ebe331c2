package io.dmon.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsAWholeFile() throws IOException {
        Path file = dir.resolve("job.conf");
        Files.writeString(file, "no-daemon\nenviron \"A=é\"\n");
        assertThat(ConfigFileReader.fileSystem().read(file.toString())).isEqualTo("no-daemon\nenviron \"A=é\"\n");
    }

    @Test
    void bytesThatAreNotUtf8AreReplaced() throws IOException {
        Path file = dir.resolve("latin1.conf");
        Files.write(file, "environ A=\u00e9".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(ConfigFileReader.fileSystem().read(file.toString())).isEqualTo("environ A=\ufffd");
    }

    @Test
    void missingFileAndDirectoryFail() {
        assertThatThrownBy(() -> ConfigFileReader.fileSystem().read(dir.resolve("none").toString()))
                .isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> ConfigFileReader.fileSystem().read(dir.toString())).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> ConfigFileReader.fileSystem().read("bad\0path")).isInstanceOf(IOException.class);
    }

    @Test
    void relativePathsAreFromTheCurrentDirectory() throws IOException {
        Path cwd = Path.of("").toAbsolutePath();
        Path file = Files.createTempFile(cwd.resolve("target"), "dmon", ".conf");
        try {
            Files.writeString(file, "once");
            String relative = cwd.relativize(file).toString();
            assertThat(ConfigFileReader.fileSystem().read(relative)).isEqualTo("once");
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void theParserReadsTheFileSystemByDefault() throws IOException, SpecException {
        Path file = dir.resolve("c");
        Files.writeString(file, "load-high 2");
        JobSpec spec = new JobSpecParser().parse(null, List.of("-C", file.toString(), "cmd")).spec();
        assertThat(spec.loadHigh()).isEqualTo(2.0);
        assertThatThrownBy(() -> new JobSpecParser().parse(null, List.of("-C", dir.resolve("none").toString(), "x")))
                .hasMessage("cannot read config file '" + dir.resolve("none") + "': No such file or directory");
        assertThatThrownBy(() -> new JobSpecParser().parse(null, List.of("-C", dir.toString(), "x")))
                .hasMessage("cannot read config file '" + dir + "': Is a directory");
    }
}
