package io.dmon.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * The files dmon reads its load and pressure from when {@code DMON_LOADAVG_FILE} and
 * {@code DMON_PRESSURE_DIR} name them, written as the kernel's change: all at once (a rename),
 * so a sample never reads half a write.
 */
final class GateFiles {
    private GateFiles() {
    }

    /** {@code dir/resource} in the format of {@code /proc/pressure/*}: {@code some avg10} as given, the rest 0. */
    static void pressure(Path dir, String resource, double someAvg10) throws IOException {
        Path tmp = dir.resolve(resource + ".tmp");
        Files.writeString(tmp, String.format(Locale.ROOT, "some avg10=%.2f avg60=0.00 avg300=0.00 total=1%n"
                + "full avg10=0.00 avg60=0.00 avg300=0.00 total=0%n", someAvg10));
        Files.move(tmp, dir.resolve(resource), StandardCopyOption.ATOMIC_MOVE);
    }

    /** {@code file} in the format of {@code /proc/loadavg}, each average {@code load}. */
    static void load(Path file, double load) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, String.format(Locale.ROOT, "%.2f %.2f %.2f 1/100 1%n", load, load, load));
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    }
}
