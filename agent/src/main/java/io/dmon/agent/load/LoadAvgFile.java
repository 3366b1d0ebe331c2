package io.dmon.agent.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads the first field of a file in {@code /proc/loadavg} format: {@code /proc/loadavg} itself,
 * or the file named by {@code DMON_LOADAVG_FILE} (tests and containers write their own).
 */
public final class LoadAvgFile implements LoadSource {
    public static final String ENV = "DMON_LOADAVG_FILE";
    private final Path file;

    public LoadAvgFile(Path file) {
        this.file = file;
    }

    /** The source the environment asks for. */
    public static LoadAvgFile fromEnvironment(Map<String, String> env) {
        String named = env.get(ENV);
        return new LoadAvgFile(Path.of(named == null || named.isEmpty() ? "/proc/loadavg" : named));
    }

    public Path file() {
        return file;
    }

    @Override
    public double load1() throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        int space = text.indexOf(' ');
        String first = space < 0 ? text : text.substring(0, space);
        try {
            return Double.parseDouble(first);
        } catch (NumberFormatException e) {
            throw new IOException(file + ": not a load average: '" + first + "'");
        }
    }
}
