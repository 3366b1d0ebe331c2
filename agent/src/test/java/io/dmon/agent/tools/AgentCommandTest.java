package io.dmon.agent.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.agent.process.Posix;
import io.dmon.trust.CertificateAuthority;
import io.dmon.trust.Principal;
import io.dmon.trust.Role;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
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
                Arguments.of(List.of("--name", "bad/name"), "option --name: bad host name 'bad/name': use letters, digits"),
                Arguments.of(List.of("--name", "x".repeat(10_000)), "option --name: bad host name 'xxxx"),
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
    void unusableTlsMaterialIsOneLineNamingWhereItCameFrom() {
        Result r = run(Map.of("DMON_TLS_DIR", dir.resolve("none").toString()), "--state-dir", dir.resolve("s").toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("dmon-agent: $DMON_TLS_DIR: " + dir.resolve("none").resolve("ca.pem") + ": missing");
    }

    @Test
    void refusesACertificateOfAnotherRoleOrAnotherHost() throws Exception {
        CertificateAuthority authority = CertificateAuthority.create();
        Path ca = dir.resolve("ca");
        authority.createCa(ca);
        Path operator = dir.resolve("operator");
        authority.issue(ca, new Principal(Role.OPERATOR, "alice"), List.of(), List.of(), Duration.ofDays(1), operator);
        Result wrongRole = run(Map.of(), "--tls-dir", operator.toString(), "--state-dir", dir.resolve("s").toString());
        assertThat(wrongRole.status()).isEqualTo(2);
        assertThat(wrongRole.err().strip()).endsWith("cert.pem names operator/alice, not an agent");

        Path mail1 = dir.resolve("mail1");
        authority.issue(ca, new Principal(Role.AGENT, "mail1"), List.of(), List.of(), Duration.ofDays(1), mail1);
        Result wrongHost = run(Map.of(), "--tls-dir", mail1.toString(), "--name", "mail2", "--state-dir", dir.resolve("s").toString());
        assertThat(wrongHost.status()).isEqualTo(2);
        assertThat(wrongHost.err().strip()).startsWith("dmon-agent: option --name: mail2, but the certificate in ")
                .contains("is for agent/mail1");
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
