package io.dmon.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log tools as a DMon user starts them under nohup or with a shell's {@code &}: HUP and INT
 * arrive ignored, and DMon's dlog handles them anyway (it installs its handlers whatever it
 * inherited). Through the distribution's launcher, as users run it.
 */
class LauncherSignalsIT {
    private static final Path DLOG = Path.of(System.getProperty("dmon.dist", "target/dmon"), "bin", "dlog");

    @TempDir
    Path dir;

    @Test
    void dlogStartedWithHupAndIntIgnoredStillReopensOnHupAndEndsOnInt() throws Exception {
        Path log = dir.resolve("out.log");
        Path rotated = dir.resolve("out.log.1");
        Process p = new ProcessBuilder("sh", "-c", "trap '' HUP INT; exec \"$0\" out.log", DLOG.toAbsolutePath().toString())
                .directory(dir.toFile()).redirectError(dir.resolve("err").toFile()).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write("one\n".getBytes(StandardCharsets.UTF_8));
            in.flush();
            await("the first line on disk", () -> read(log).equals("one\n"));
            Files.move(log, rotated);
            signal(p, "HUP");
            // The reopen is done by the signal's thread: only once the renamed file is let go is
            // the next line sure to go to the new one.
            await("dlog has let the renamed file go", () -> !holdsOpen(p.pid(), rotated));
            in.write("two\n".getBytes(StandardCharsets.UTF_8));
            in.flush();
            // dlog reopens by name on HUP: the next line goes to a new out.log (with HUP ignored it
            // would keep writing into the renamed file).
            await("the second line in a new out.log", () -> read(log).equals("two\n"));
            assertThat(read(rotated)).isEqualTo("one\n");
            signal(p, "INT");
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("INT ends it").isTrue();
            assertThat(p.exitValue()).isZero();
        } finally {
            p.destroyForcibly();
        }
    }

    private static void signal(Process p, String name) throws Exception {
        assertThat(new ProcessBuilder("kill", "-" + name, Long.toString(p.pid())).start().waitFor()).isZero();
    }

    private static boolean holdsOpen(long pid, Path file) {
        try (java.util.stream.Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return fds.anyMatch(fd -> {
                try {
                    return Files.readSymbolicLink(fd).equals(file);
                } catch (IOException e) {
                    return false; // closed meanwhile
                }
            });
        } catch (IOException e) {
            return false;
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
