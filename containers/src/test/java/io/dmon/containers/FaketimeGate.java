package io.dmon.containers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * Whether a test may skew a container's clock: libfaketime (Debian's {@code faketime}) must be in
 * the host's {@code /usr}, which every bench container mounts. Without it the test is skipped
 * with the reason, except under CI ({@code CI=true}), where it fails, as {@link DockerGate} does
 * for a missing engine.
 */
final class FaketimeGate {
    /** Preloaded into a container's processes, with {@code FAKETIME} saying by how much to move the clock. */
    static final Path LIBRARY = Path.of("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1");

    private FaketimeGate() {
    }

    static void require() {
        require(Files.isRegularFile(LIBRARY), System.getenv());
    }

    /** As {@link #require()}, with the finding and the environment given. */
    static void require(boolean present, Map<String, String> env) {
        String why = "no " + LIBRARY + " (Debian's faketime package)";
        switch (DockerGate.decide(present, env)) {
            case RUN -> { }
            case FAIL -> throw new AssertionError("CI=true but " + why
                    + "; the clock skew test must run in CI (.ci/run installs faketime)");
            case SKIP -> Assumptions.abort("skipped: " + why + "; apt-get install faketime to run it");
        }
    }

    /** The environment that moves a container's wall clock by {@code offset} (libfaketime's {@code +5m}, {@code -5m}). */
    static Map<String, String> skewedBy(String offset) {
        // Only the wall clock: a host whose clock is off still measures intervals right.
        return Map.of("LD_PRELOAD", LIBRARY.toString(), "FAKETIME", offset, "FAKETIME_DONT_FAKE_MONOTONIC", "1");
    }
}
