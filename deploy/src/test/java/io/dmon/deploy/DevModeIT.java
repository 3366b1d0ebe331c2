package io.dmon.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dmon-coordinator --dev} as an operator meets it: its refusals say what to do. */
class DevModeIT {
    @TempDir
    Path dir;

    @Test
    void aStateDirectoryInUseIsOneLineThatNamesStateDir() throws Exception {
        Path state = dir.resolve("state");
        Files.createDirectories(state);
        try (FileChannel held = FileChannel.open(state.resolve("lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = held.lock()) {
            Process dev = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), DevCommand.class.getName(),
                    "--listen", "127.0.0.1:" + ListenPorts.free(), "--hazelcast-port", Integer.toString(ListenPorts.free()),
                    "--name", "devhost", "--state-dir", state.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("dev.log").toFile()).start();
            try {
                assertThat(dev.waitFor(90, TimeUnit.SECONDS)).as("it gives up").isTrue();
            } finally {
                dev.destroyForcibly();
            }
            assertThat(dev.exitValue()).isEqualTo(1);
            List<String> said = Files.readAllLines(dir.resolve("dev.log")).stream()
                    .filter(l -> l.startsWith("dmon-coordinator: ")).toList();
            assertThat(said).containsExactly("dmon-coordinator: state directory '" + state
                    + "' is in use by another dmon-agent; give another with --state-dir DIR");
        }
    }
}
