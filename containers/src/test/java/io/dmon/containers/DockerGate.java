package io.dmon.containers;

import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;

/**
 * Whether the container tests may run: with a Docker engine they run; without one they are
 * skipped with the reason, except under CI ({@code CI=true}), where a missing engine is a failure
 * (CI must not pass by skipping the multi-host bench).
 */
final class DockerGate {
    enum Verdict { RUN, SKIP, FAIL }

    private DockerGate() {
    }

    /** The decision, from the facts only (unit-tested). */
    static Verdict decide(boolean engineAnswers, Map<String, String> env) {
        if (engineAnswers) {
            return Verdict.RUN;
        }
        return "true".equalsIgnoreCase(env.getOrDefault("CI", "").strip()) ? Verdict.FAIL : Verdict.SKIP;
    }

    /** Skips (assumption) or fails the calling test class when no engine answers. */
    static void require() {
        require(DockerGate::engineAnswers, System.getenv());
    }

    /** As {@link #require()}, with the probe and the environment given. */
    static void require(BooleanSupplier engineAnswers, Map<String, String> env) {
        String why = "no Docker engine answers (docker info fails)";
        switch (decide(engineAnswers.getAsBoolean(), env)) {
            case RUN -> { }
            case FAIL -> throw new AssertionError("CI=true but " + why
                    + "; the container tests must run in CI (.ci/run starts dockerd)");
            case SKIP -> Assumptions.abort("skipped: " + why + "; start dockerd to run the multi-host bench");
        }
    }

    private static boolean engineAnswers() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }
}
