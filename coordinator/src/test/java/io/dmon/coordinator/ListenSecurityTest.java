package io.dmon.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dmon.trust.CertificateAuthority;
import io.dmon.trust.Principal;
import io.dmon.trust.Role;
import io.dmon.trust.TlsDirChoice;
import io.dmon.wire.HostPort;
import io.grpc.InsecureServerCredentials;
import io.grpc.ServerCredentials;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fail-closed transport: mutual TLS with material, plaintext only on loopback or with --insecure and a warning. */
class ListenSecurityTest {
    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final List<String> warnings = new ArrayList<>();

    private int run(String... args) {
        return CoordinatorCommand.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private Path issue(Role role) throws Exception {
        Path ca = tmp.resolve("ca");
        CertificateAuthority authority = CertificateAuthority.create();
        if (!ca.toFile().exists()) {
            authority.createCa(ca);
        }
        Path dir = tmp.resolve(role.word());
        authority.issue(ca, new Principal(role, "c1"), List.of("127.0.0.1"), List.of(), Duration.ofDays(1), dir);
        return dir;
    }

    @Test
    void refusesPlaintextBeyondLoopbackNamingBothWaysOut() {
        assertThat(run("--listen", "0.0.0.0:0")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("dmon-coordinator: refusing plaintext on 0.0.0.0:0, which is not a loopback "
                + "address: give --tls-dir DIR (or $DMON_TLS_DIR) for mutual TLS, or --insecure to accept plaintext anyway"
                + System.lineSeparator());
    }

    @Test
    void refusesUnusableMaterialInOneLine() {
        assertThat(run("--tls-dir", tmp.resolve("none").toString())).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("dmon-coordinator: --tls-dir: " + tmp.resolve("none").resolve("ca.pem")
                + ": missing" + System.lineSeparator());
    }

    @Test
    void refusesACertificateThatIsNotACoordinators() throws Exception {
        Path operator = issue(Role.OPERATOR);
        assertThat(run("--tls-dir", operator.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("names operator/c1, not a coordinator").hasLineCount(1);
    }

    @Test
    void refusesInsecureWithMaterial() throws Exception {
        Path coordinator = issue(Role.COORDINATOR);
        assertThat(run("--tls-dir", coordinator.toString(), "--insecure")).isEqualTo(2);
        assertThat(err.toString()).contains("--insecure and --tls-dir exclude each other").hasLineCount(1);
    }

    @Test
    void mutualTlsWithACoordinatorsMaterialOnAnyAddress() throws Exception {
        Path coordinator = issue(Role.COORDINATOR);
        ServerCredentials credentials = ListenSecurity.credentials(new HostPort("0.0.0.0", 7700),
                TlsDirChoice.of(null, Map.of(TlsDirChoice.ENV, coordinator.toString())), false, warnings::add);
        assertThat(credentials).isNotInstanceOf(InsecureServerCredentials.class);
        assertThat(warnings).isEmpty();
    }

    @Test
    void plaintextOnLoopbackQuietlyAndElsewhereOnlyWithAWarning() throws Exception {
        assertThat(ListenSecurity.credentials(new HostPort("127.0.0.1", 7700), Optional.empty(), false, warnings::add))
                .isInstanceOf(InsecureServerCredentials.class);
        assertThat(ListenSecurity.credentials(new HostPort("localhost", 7700), Optional.empty(), false, warnings::add))
                .isInstanceOf(InsecureServerCredentials.class);
        assertThat(warnings).isEmpty();
        assertThat(ListenSecurity.credentials(new HostPort("0.0.0.0", 7700), Optional.empty(), true, warnings::add))
                .isInstanceOf(InsecureServerCredentials.class);
        assertThat(warnings).singleElement().asString().startsWith("WARNING: --insecure: plaintext gRPC on 0.0.0.0:7700");
        assertThatThrownBy(() -> ListenSecurity.credentials(new HostPort("10.1.2.3", 7700), Optional.empty(), false, warnings::add))
                .isInstanceOf(ListenSecurity.Refused.class);
    }
}
