package io.dmon.agent.load;

import io.dmon.agent.load.PressureSample.Averages;
import io.dmon.agent.load.PressureSample.Lines;
import io.dmon.spec.PressureMetric;
import io.dmon.spec.PressureMetric.Kind;
import io.dmon.spec.PressureMetric.Resource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the pressure files of a directory in the kernel's format: {@code /proc/pressure} itself,
 * or the directory named by {@code DMON_PRESSURE_DIR} (tests and containers write their own
 * {@code cpu}, {@code io} and {@code memory}). A file is
 *
 * <pre>
 * some avg10=0.31 avg60=0.54 avg300=1.91 total=137328551
 * full avg10=0.00 avg60=0.00 avg300=0.00 total=3675396
 * </pre>
 *
 * where cpu's {@code full} line exists only from Linux 5.13 on. Each file is read whole (at most
 * {@link #MAX_BYTES}: a directory named from outside may hold anything) on every call.
 */
public final class PressureFiles implements PressureSource {
    public static final String ENV = "DMON_PRESSURE_DIR";
    static final Path PROC_PRESSURE = Path.of("/proc/pressure");
    /** A real file is about 110 bytes. */
    static final int MAX_BYTES = 4096;

    private final Path dir;
    private final boolean named;
    /** After the resource's name: nothing in /proc/pressure, ".pressure" in a cgroup. */
    private final String suffix;

    /** @param named the directory was named by {@link #ENV}, not the kernel's own (for messages) */
    public PressureFiles(Path dir, boolean named) {
        this(dir, named, "");
    }

    private PressureFiles(Path dir, boolean named, String suffix) {
        this.dir = dir;
        this.named = named;
        this.suffix = suffix;
    }

    /** The pressure of one cgroup: its {@code cpu.pressure}, {@code io.pressure}, {@code memory.pressure}. */
    public static PressureFiles ofCgroup(Path cgroup) {
        return new PressureFiles(cgroup, false, ".pressure");
    }

    /** The directory the environment asks for. */
    public static PressureFiles fromEnvironment(Map<String, String> env) {
        String named = env.get(ENV);
        return named == null || named.isEmpty() ? new PressureFiles(PROC_PRESSURE, false)
                : new PressureFiles(Path.of(named), true);
    }

    public Path dir() {
        return dir;
    }

    @Override
    public PressureSample pressure() {
        Map<Resource, Lines> read = new EnumMap<>(Resource.class);
        for (Resource resource : Resource.values()) {
            try {
                read.put(resource, read(resource));
            } catch (IOException e) {
                // Missing from the sample: a gate on it stays as it was.
            }
        }
        return read.isEmpty() ? PressureSample.NONE : new PressureSample(read);
    }

    /**
     * Why {@code metrics} cannot be watched here, in one line, or empty when every one of them can
     * be read now: the check made before a job with {@code -P} runs, so that a kernel without PSI
     * is said at once instead of leaving a gate that never closes.
     */
    public Optional<String> missing(Collection<PressureMetric> metrics) {
        if (metrics.isEmpty()) {
            return Optional.empty();
        }
        if (!Files.isDirectory(dir)) {
            return Optional.of(named
                    ? ENV + " names " + dir + ", which is not a directory"
                    : "no pressure stall information on this host: " + dir + " does not exist (a kernel without"
                            + " PSI, or one booted with psi=0)");
        }
        for (PressureMetric metric : metrics) {
            Path file = dir.resolve(metric.resource().fileName() + suffix);
            Lines lines;
            try {
                lines = read(metric.resource());
            } catch (IOException e) {
                return Optional.of("cannot read " + file + ": " + reason(e));
            }
            if (lines.line(metric.kind()).isEmpty()) {
                return Optional.of(file + " has no " + metric.kind().word() + " line"
                        + (metric.resource() == Resource.CPU ? " (kernels write it from Linux 5.13 on)" : ""));
            }
        }
        return Optional.empty();
    }

    /** An I/O failure as strerror(3) words it, without the path Java puts in the message. */
    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return String.valueOf(e.getMessage());
    }

    private Lines read(Resource resource) throws IOException {
        Path file = dir.resolve(resource.fileName() + suffix);
        // A FIFO or a device would block or never end; /proc's files are regular (of size 0).
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new IOException("not a regular file");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        }
        if (bytes.length > MAX_BYTES) {
            throw new IOException("longer than " + MAX_BYTES + " bytes: not a pressure file");
        }
        return parse(new String(bytes, StandardCharsets.US_ASCII));
    }

    /**
     * The lines of one pressure file.
     *
     * @throws IOException when there is no {@code some} line, or a line lacks one of its averages
     */
    static Lines parse(String text) throws IOException {
        Averages some = null;
        Averages full = null;
        for (String line : text.split("\n")) {
            String[] words = line.trim().split(" +");
            if (words[0].equals("some")) {
                some = averages(words, line);
            } else if (words[0].equals("full")) {
                full = averages(words, line);
            }
        }
        if (some == null) {
            throw new IOException("no 'some' line: not in the kernel's format");
        }
        return new Lines(some, full);
    }

    private static Averages averages(String[] words, String line) throws IOException {
        double[] values = {Double.NaN, Double.NaN, Double.NaN};
        for (int i = 1; i < words.length; i++) {
            int equals = words[i].indexOf('=');
            if (equals < 0) {
                continue;
            }
            int slot = switch (words[i].substring(0, equals)) {
                case "avg10" -> 0;
                case "avg60" -> 1;
                case "avg300" -> 2;
                default -> -1;
            };
            if (slot >= 0) {
                values[slot] = percent(words[i].substring(equals + 1), line);
            }
        }
        for (double v : values) {
            if (Double.isNaN(v)) {
                throw new IOException("'" + cut(line) + "': an average is missing: not in the kernel's format");
            }
        }
        return new Averages(values[0], values[1], values[2]);
    }

    private static double percent(String text, String line) throws IOException {
        // The kernel writes %lu.%02lu; anything that is not a plain decimal is not its format.
        if (!text.matches("\\d{1,3}(\\.\\d{1,6})?")) {
            throw new IOException("'" + cut(line) + "': '" + cut(text) + "' is not a percentage");
        }
        double value = Double.parseDouble(text);
        if (value > 100) {
            throw new IOException("'" + cut(line) + "': " + text + " is over 100 percent");
        }
        return value;
    }

    private static String cut(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }
}
