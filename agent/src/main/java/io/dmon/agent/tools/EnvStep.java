package io.dmon.agent.tools;

import java.nio.file.Path;

/**
 * One change to the environment denv builds, as an option asked for it. denv applies the steps
 * in command-line order, so a later one overrides an earlier one; -d and -f expand into
 * {@link Assign} and {@link Remove} steps when they are applied.
 */
sealed interface EnvStep {

    /** Applies this step; only the file-reading steps can fail. */
    void applyTo(EnvironmentBuilder env) throws DenvException;

    /** {@code -I}: every variable of denv's own environment. */
    record InheritAll() implements EnvStep {
        @Override
        public void applyTo(EnvironmentBuilder env) {
            env.inheritAll();
        }
    }

    /** {@code -i NAME}: one variable of denv's own environment; nothing when it is not set. */
    record Inherit(String name) implements EnvStep {
        @Override
        public void applyTo(EnvironmentBuilder env) {
            env.inherit(name);
        }
    }

    /** {@code -E NAME=VALUE}, a non-empty -d file, a {@code NAME=VALUE} line of -f. */
    record Assign(String name, String value) implements EnvStep {
        @Override
        public void applyTo(EnvironmentBuilder env) {
            env.set(name, value);
        }
    }

    /** {@code -E NAME}, an empty -d file, a {@code NAME=} or {@code NAME} line of -f. */
    record Remove(String name) implements EnvStep {
        @Override
        public void applyTo(EnvironmentBuilder env) {
            env.unset(name);
        }
    }

    /** {@code -d DIR}: read when applied, so that it sees the directory as it is then. */
    record ReadDirectory(Path dir) implements EnvStep {
        @Override
        public void applyTo(EnvironmentBuilder env) throws DenvException {
            for (EnvStep step : EnvDirectory.read(dir)) {
                step.applyTo(env);
            }
        }
    }

    /** {@code -f FILE}: read when applied. */
    record ReadFile(Path file) implements EnvStep {
        @Override
        public void applyTo(EnvironmentBuilder env) throws DenvException {
            for (EnvStep step : EnvFile.read(file)) {
                step.applyTo(env);
            }
        }
    }
}
