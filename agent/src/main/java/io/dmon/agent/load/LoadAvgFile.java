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
        return averages()[0];
    }

    /**
     * The 1-, 5- and 15-minute averages (the agent's heartbeat reports all three). Only the first
     * field must be a number, as {@link #load1()} has always required: a missing or odd 5- or
     * 15-minute field reads as 0.
     */
    public double[] averages() throws IOException {
        String[] fields = Files.readString(file, StandardCharsets.US_ASCII).trim().split(" +", 4);
        double[] loads = new double[3];
        for (int i = 0; i < 3 && i < fields.length; i++) {
            try {
                loads[i] = Double.parseDouble(fields[i]);
            } catch (NumberFormatException e) {
                if (i == 0) {
                    throw new IOException(file + ": not a load average: '" + fields[i] + "'");
                }
            }
        }
        return loads;
    }
}
