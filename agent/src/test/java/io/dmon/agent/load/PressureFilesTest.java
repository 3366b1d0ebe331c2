package io.dmon.agent.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dmon.spec.PressureMetric;
import io.dmon.spec.PressureMetric.Resource;
import io.dmon.spec.SpecException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PressureFilesTest {
    private static final String IO = "some avg10=12.34 avg60=5.00 avg300=1.91 total=137328551\n"
            + "full avg10=3.00 avg60=2.00 avg300=1.00 total=3675396\n";
    private static final String OLD_CPU = "some avg10=85.81 avg60=83.59 avg300=79.05 total=1650049454\n";

    @TempDir
    Path dir;

    private static PressureMetric metric(String name) throws SpecException {
        return PressureMetric.parse(name);
    }

    @Test
    void readsEveryAverageOfBothLinesAndACpuFileWithOnlyASomeLine() throws Exception {
        Files.writeString(dir.resolve("io"), IO);
        Files.writeString(dir.resolve("cpu"), OLD_CPU);
        PressureSample sample = new PressureFiles(dir, true).pressure();
        assertThat(sample.value(metric("io.some.avg10"))).hasValue(12.34);
        assertThat(sample.value(metric("io.some.avg60"))).hasValue(5.0);
        assertThat(sample.value(metric("io.some.avg300"))).hasValue(1.91);
        assertThat(sample.value(metric("io.full.avg10"))).hasValue(3.0);
        assertThat(sample.value(metric("io.full.avg300"))).hasValue(1.0);
        assertThat(sample.value(metric("cpu.some.avg10"))).hasValue(85.81);
        assertThat(sample.value(metric("cpu.full.avg10"))).as("no full line: no value").isEmpty();
        assertThat(sample.value(metric("memory"))).as("no file: no value").isEmpty();
        assertThat(sample.lines(Resource.CPU).orElseThrow().full()).isNull();
    }

    @Test
    void theKernelsOwnFilesReadWhereThisKernelHasThem() {
        PressureFiles proc = PressureFiles.fromEnvironment(Map.of());
        assertThat(proc.dir()).isEqualTo(Path.of("/proc/pressure"));
        if (Files.isDirectory(proc.dir())) {
            assertThat(proc.missing(List.of(PressureMetric.of(Resource.IO)))).isEmpty();
            assertThat(proc.pressure().value(PressureMetric.of(Resource.IO))).isPresent();
        } else {
            assertThat(proc.missing(List.of(PressureMetric.of(Resource.IO))).orElseThrow())
                    .startsWith("no pressure stall information on this host");
        }
    }

    @Test
    void saysInOneLineWhyAMetricCannotBeWatched() throws Exception {
        List<PressureMetric> io = List.of(PressureMetric.of(Resource.IO));
        assertThat(new PressureFiles(dir.resolve("none"), false).missing(io)).contains(
                "no pressure stall information on this host: " + dir.resolve("none")
                        + " does not exist (a kernel without PSI, or one booted with psi=0)");
        assertThat(PressureFiles.fromEnvironment(Map.of("DMON_PRESSURE_DIR", dir.resolve("none").toString())).missing(io))
                .contains("DMON_PRESSURE_DIR names " + dir.resolve("none") + ", which is not a directory");
        PressureFiles files = new PressureFiles(dir, true);
        assertThat(files.missing(List.of())).as("no mark, nothing to check").isEmpty();
        assertThat(files.missing(io)).contains("cannot read " + dir.resolve("io") + ": No such file or directory");
        Files.writeString(dir.resolve("cpu"), OLD_CPU);
        assertThat(files.missing(List.of(metric("cpu.full")))).contains(dir.resolve("cpu")
                + " has no full line (kernels write it from Linux 5.13 on)");
        assertThat(files.missing(List.of(metric("cpu.some.avg300")))).isEmpty();
        Files.writeString(dir.resolve("memory"), "some avg10=1.00 avg60=1.00\n");
        assertThat(files.missing(List.of(metric("memory")))).contains("cannot read " + dir.resolve("memory")
                + ": 'some avg10=1.00 avg60=1.00': an average is missing: not in the kernel's format");
        Files.writeString(dir.resolve("io"), "full avg10=1.00 avg60=1.00 avg300=1.00 total=0\n");
        assertThat(files.missing(io)).contains("cannot read " + dir.resolve("io") + ": no 'some' line: not in the"
                + " kernel's format");
        Files.writeString(dir.resolve("io"), "some avg10=101.00 avg60=1.00 avg300=1.00 total=0\n");
        assertThat(files.missing(io).orElseThrow()).endsWith("101.00 is over 100 percent");
        Files.writeString(dir.resolve("io"), "some avg10=1e3 avg60=1.00 avg300=1.00 total=0\n");
        assertThat(files.missing(io).orElseThrow()).endsWith("'1e3' is not a percentage");
    }

    @Test
    void aFileTooLongOrNotRegularIsNotReadWhole() throws Exception {
        PressureFiles files = new PressureFiles(dir, true);
        List<PressureMetric> io = List.of(PressureMetric.of(Resource.IO));
        Files.writeString(dir.resolve("io"), IO + "x".repeat(PressureFiles.MAX_BYTES));
        assertThat(files.missing(io).orElseThrow()).endsWith("longer than 4096 bytes: not a pressure file");
        Files.delete(dir.resolve("io"));
        // A FIFO nobody writes would block a reader for ever.
        assertThat(new ProcessBuilder("mkfifo", dir.resolve("io").toString()).start().waitFor()).isZero();
        assertThat(files.missing(io)).contains("cannot read " + dir.resolve("io") + ": not a regular file");
        assertThat(files.pressure().isEmpty()).isTrue();
    }

    @Test
    void theParserTakesTheKernelsFormatOnly() throws Exception {
        var lines = PressureFiles.parse(IO);
        assertThat(lines.some()).isEqualTo(new PressureSample.Averages(12.34, 5, 1.91));
        assertThat(lines.full()).isEqualTo(new PressureSample.Averages(3, 2, 1));
        assertThatThrownBy(() -> PressureFiles.parse("")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> PressureFiles.parse("some avg10=-1.00 avg60=0 avg300=0")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> PressureFiles.parse("some avg10=NaN avg60=0 avg300=0")).isInstanceOf(IOException.class);
    }

    @Test
    void jobsOnOneDirectoryShareOneReadingForATenthOfASecond() throws Exception {
        Files.writeString(dir.resolve("io"), IO);
        AtomicLong now = new AtomicLong();
        LoadSources sources = new LoadSources(now::get);
        Map<String, String> env = Map.of("DMON_PRESSURE_DIR", dir.toString());
        PressureSource a = sources.pressureForEnvironment(env);
        PressureSource b = sources.pressureForEnvironment(Map.of("DMON_PRESSURE_DIR", dir.toString(), "X", "1"));
        assertThat(a).isSameAs(b);
        assertThat(a.pressure().value(PressureMetric.of(Resource.IO))).hasValue(12.34);
        Files.writeString(dir.resolve("io"), IO.replace("12.34", "50.00"));
        now.addAndGet(99_000_000L);
        assertThat(b.pressure().value(PressureMetric.of(Resource.IO))).as("still the shared reading").hasValue(12.34);
        now.addAndGet(1_000_000L);
        assertThat(b.pressure().value(PressureMetric.of(Resource.IO))).hasValue(50.0);
        assertThat(sources.pressureForEnvironment(Map.of())).isNotSameAs(a);
    }
}
