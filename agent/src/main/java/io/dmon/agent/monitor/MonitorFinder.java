package io.dmon.agent.monitor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a starting agent finds in a monitor's directory: a monitor to re-attach to, one that
 * ended in order (its last state in the exit file), or one that is gone without a word (its job
 * is lost: the run died with it).
 */
public final class MonitorFinder {
    static final String EXIT_FILE = "exit";
    private static final int MAX_EXIT_BYTES = 4096;

    private MonitorFinder() {
    }

    /** What {@link #find} found. */
    public sealed interface Found {
    }

    /** The monitor lives: attach to it. */
    public record Running(MonitorRecord monitor) implements Found {
    }

    /** The monitor ended in order (quit, or TERM); this was its last state. */
    public record Ended(MonitorState last) implements Found {
    }

    /** The monitor is gone without an exit file (killed, or the host rebooted): its job is lost. */
    public record Lost(MonitorRecord monitor) implements Found {
    }

    /** No monitor was ever ready in this directory. */
    public record Absent() implements Found {
    }

    /**
     * Looks at {@code dir}. The liveness check comes before the exit file is looked for: a monitor
     * writes that file before it ends, so one found dead has written it if it ever will.
     */
    public static Found find(Path dir) throws IOException {
        Optional<MonitorRecord> record = MonitorRecord.read(dir);
        boolean alive = record.isPresent() && record.get().alive();
        Path exit = dir.resolve(EXIT_FILE);
        if (Files.exists(exit)) {
            return new Ended(readExit(exit));
        }
        if (record.isEmpty()) {
            return new Absent();
        }
        return alive ? new Running(record.get()) : new Lost(record.get());
    }

    /**
     * As {@link #find}, but a directory whose record or exit file cannot be read (damaged) is
     * asked on its socket: a monitor that answers there is running (its hello names it), and
     * must not be taken for gone; one that does not is absent.
     */
    public static Found findOrAsk(Path dir) throws InterruptedException {
        try {
            return find(dir);
        } catch (IOException e) {
            try (MonitorConnection c = MonitorConnection.attach(dir, java.time.Duration.ofSeconds(5))) {
                return new Running(c.monitor());
            } catch (MonitorException other) {
                return new Absent();
            }
        }
    }

    private static MonitorState readExit(Path exit) throws IOException {
        if (Files.size(exit) > MAX_EXIT_BYTES) {
            throw new IOException(exit + ": larger than " + MAX_EXIT_BYTES + " bytes");
        }
        try {
            return MonitorState.parse(Files.readAllLines(exit, StandardCharsets.ISO_8859_1));
        } catch (MonitorException e) {
            throw new IOException(exit + ": " + e.getMessage());
        }
    }
}
