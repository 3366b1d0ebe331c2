package io.dmon.agent.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * What the agent must know about a job after it was killed: the process it left running (pid and
 * /proc start time, so a reused pid is never mistaken for it), the generation it ran, and whether
 * a {@code -1} job already completed. Written atomically at every start and end of a run.
 */
public record RuntimeRecord(int pid, long startTime, long generation, boolean completed) {
    static final String FILE = "runtime";

    static RuntimeRecord read(Path jobDir) {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(jobDir.resolve(FILE), StandardCharsets.US_ASCII)) {
            p.load(in);
            return new RuntimeRecord(Integer.parseInt(p.getProperty("pid", "0")),
                    Long.parseLong(p.getProperty("start", "0")), Long.parseLong(p.getProperty("generation", "0")),
                    Boolean.parseBoolean(p.getProperty("completed", "false")));
        } catch (IOException | NumberFormatException e) {
            return new RuntimeRecord(0, 0, 0, false);
        }
    }

    void write(Path jobDir) throws IOException {
        Files.createDirectories(jobDir);
        String text = "pid=" + pid + "\nstart=" + startTime + "\ngeneration=" + generation + "\ncompleted=" + completed
                + "\n";
        Path tmp = jobDir.resolve(FILE + ".tmp");
        try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.TRUNCATE_EXISTING, java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)));
            ch.force(true);
        }
        Files.move(tmp, jobDir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
