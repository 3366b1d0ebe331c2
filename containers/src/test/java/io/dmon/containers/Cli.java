package io.dmon.containers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A command-line tool of this machine (docker, docker-compose) run to its end, within a bound. */
final class Cli {
    record Ran(int exit, String out, String err) {
        Ran ok(String what) {
            if (exit != 0) {
                throw new AssertionError(what + " failed with status " + exit + ": " + err.strip() + " " + out.strip());
            }
            return this;
        }
    }

    private Cli() {
    }

    static Ran run(Duration max, List<String> cmd) throws IOException, InterruptedException {
        return run(max, Map.of(), null, cmd);
    }

    static Ran run(Duration max, Map<String, String> env, Path dir, List<String> cmd)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("cli", ".out");
        Path err = Files.createTempFile("cli", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(cmd)).redirectOutput(out.toFile())
                    .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            if (dir != null) {
                pb.directory(dir.toFile());
            }
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(max.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(cmd + " did not end within " + max.toSeconds() + " s: "
                        + Files.readString(err, StandardCharsets.UTF_8).strip());
            }
            return new Ran(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Whether {@code tool} is on this machine's PATH. */
    static boolean has(String tool) throws IOException, InterruptedException {
        return run(Duration.ofSeconds(10), List.of("sh", "-c", "command -v " + tool)).exit() == 0;
    }
}
