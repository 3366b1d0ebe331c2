package io.dmon.agent.monitor;

import io.dmon.agent.process.ProcStat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Who a monitor is: its pid and /proc start time, as it writes them in {@code DIR/monitor} before
 * it reports ready and says them again in every hello. A monitor is alive only while a process
 * with that pid has that start time: a reused pid is never taken for it.
 */
public record MonitorRecord(int protocol, int pid, long startTime) {
    static final String FILE = "monitor";
    private static final int MAX_BYTES = 128;

    /** The record in {@code dir}, or empty when there is none. */
    public static Optional<MonitorRecord> read(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        String[] w = text.strip().split(" ", -1);
        if (bytes.length > MAX_BYTES || w.length != 4 || !w[0].equals("dmon-monitor") || !text.endsWith("\n")) {
            throw new IOException(file + ": not a monitor record");
        }
        try {
            long protocol = MonitorProtocol.longOf(w[1]);
            long pid = MonitorProtocol.longOf(w[2]);
            if (protocol > Integer.MAX_VALUE || pid < 1 || pid > Integer.MAX_VALUE) {
                throw new NumberFormatException();
            }
            return Optional.of(new MonitorRecord((int) protocol, (int) pid, MonitorProtocol.longOf(w[3])));
        } catch (NumberFormatException e) {
            throw new IOException(file + ": bad number in the monitor record");
        }
    }

    /** True while this very process lives (same pid, same start time, not a zombie). */
    public boolean alive() {
        return ProcStat.read(pid).filter(s -> s.startTime() == startTime && s.state() != 'Z').isPresent();
    }
}
