package io.dmon.agent.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real tmpfs of a given size mounted on a test's directory, so a write can really find the disk
 * full. Mounting needs root (CAP_SYS_ADMIN): elsewhere the test is skipped with the reason.
 */
final class SmallTmpfs implements AutoCloseable {
    private final Path at;

    private SmallTmpfs(Path at) {
        this.at = at;
    }

    /** Mounts a tmpfs of {@code size} (mount's suffixes: 16m) on the existing directory {@code at}, mode 0700. */
    static SmallTmpfs mount(Path at, String size) throws IOException, InterruptedException {
        Result r = run(List.of("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0700", "tmpfs", at.toString()));
        Assumptions.assumeTrue(r.exit == 0, () -> "skipped: cannot mount a tmpfs (needs root): " + r.output.strip());
        return new SmallTmpfs(at);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        Result r = run(List.of("umount", at.toString()));
        if (r.exit != 0) {
            // Busy (a process still has a file open): detach it now, it goes when they let go.
            Result lazy = run(List.of("umount", "-l", at.toString()));
            if (lazy.exit != 0) {
                throw new IOException("cannot unmount " + at + ": " + r.output.strip() + "; " + lazy.output.strip());
            }
        }
    }

    private record Result(int exit, String output) {
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not end within 30 s");
        }
        return new Result(p.exitValue(), out);
    }
}
