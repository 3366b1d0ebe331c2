package io.dmon.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** The built distribution's programs, started through their launchers as a user starts them. */
final class Dist {
    static final Path HOME = Path.of(System.getProperty("dmon.dist", "target/dmon")).toAbsolutePath();

    private Dist() {
    }

    static Path bin(String program) {
        return HOME.resolve("bin").resolve(program);
    }

    /** {@code program args...}, output and errors into {@code log}, with {@code env} added. */
    static Process start(Path log, Map<String, String> env, String program, String... args) throws IOException {
        List<String> cmd = new java.util.ArrayList<>(List.of(bin(program).toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        for (String name : List.of("DMON_COORDINATOR", "DMON_TLS_DIR", "NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID")) {
            pb.environment().remove(name);
        }
        pb.environment().putAll(env);
        return pb.start();
    }

    /** Runs {@code program args...} to its end (at most 60 s); its exit status and output. */
    static Ran run(Path dir, String program, String... args) throws IOException, InterruptedException {
        Path log = Files.createTempFile(dir, program, ".out");
        Process p = start(log, Map.of(), program, args);
        if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(program + " " + List.of(args) + " did not end within 60 s");
        }
        return new Ran(p.exitValue(), Files.readString(log));
    }

    record Ran(int exit, String output) { }

    static void await(String what, Duration max, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    /** The first line of {@code log} starting with {@code prefix}, without it; waits for it up to {@code max}. */
    static String awaitLine(Path log, String prefix, Duration max) throws InterruptedException {
        String[] found = new String[1];
        await(prefix + " in " + log.getFileName(), max, () -> {
            try {
                return Files.exists(log) && Files.readAllLines(log).stream().filter(l -> l.startsWith(prefix))
                        .findFirst().map(l -> found[0] = l.substring(prefix.length())).isPresent();
            } catch (IOException e) {
                return false;
            }
        });
        return found[0];
    }
}
