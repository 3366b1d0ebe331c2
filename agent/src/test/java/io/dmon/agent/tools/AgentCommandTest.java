package io.dmon.agent.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.agent.process.Posix;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * dmon-agent's options: every bad one is one line and exit status 2, before anything starts (the
 * state directory, checked once the agent starts, is tried in {@link AgentProcessIT}).
 */
class AgentCommandTest {
    @TempDir
    static Path dir;

    private record Result(int status, String err) {
    }

    private static Result run(Map<String, String> env, String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int status = AgentCommand.run(args, env, err, Posix.load());
        return new Result(status, bytes.toString(StandardCharsets.UTF_8));
    }

    static Stream<Arguments> badOptions() {
        return Stream.of(
                Arguments.of(List.of("--labels", "zone"), "option --labels: bad label 'zone' (want KEY=VALUE)"),
                Arguments.of(List.of("--labels", "zone=a,=b"), "bad label '=b'"),
                Arguments.of(List.of("--coordinator", "c1"), "option --coordinator: 'c1' is not HOST:PORT"),
                Arguments.of(List.of("--coordinator", "c1:7700,c2:port"), "bad port 'port'"),
                Arguments.of(List.of("--coordinator", "c1:7700,"), "empty address"),
                Arguments.of(List.of("--spool-max-bytes", "12q"), "--spool-max-bytes"),
                Arguments.of(List.of("--spool-max-bytes", "1k"), "below the minimum of 64k"),
                Arguments.of(List.of("--name", ""), "option --name: empty name"),
                Arguments.of(List.of("--frobnicate"), "Unknown option: '--frobnicate'"),
                Arguments.of(List.of("stray"), "stray"),
                Arguments.of(List.of("--name"), "--name"));
    }

    @ParameterizedTest
    @MethodSource
    void badOptions(List<String> args, String named) {
        Result r = run(Map.of(), args.toArray(String[]::new));
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).startsWith("dmon-agent: ").contains(named).doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(r.err().strip().lines()).hasSize(1);
    }

    @Test
    void aBadCoordinatorFromTheEnvironmentIsNamedAsSuch() {
        Result r = run(Map.of("DMON_COORDINATOR", "nowhere"), "--state-dir", dir.resolve("s").toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("dmon-agent: $DMON_COORDINATOR: 'nowhere' is not HOST:PORT");
    }

    @Test
    void helpAndVersionExitZero() {
        PrintStream out = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            assertThat(run(Map.of(), "--help").status()).isZero();
            assertThat(run(Map.of(), "--version").status()).isZero();
        } finally {
            System.setOut(out);
        }
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("--coordinator").contains("--spool-max-bytes")
                .contains("dmon-agent ");
    }
}
