package io.dmon.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.cli.CliContext;
import io.dmon.cli.DmonCtl;
import io.dmon.trust.Principal;
import io.dmon.trust.Role;
import io.dmon.trust.TlsDir;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dmonctl tls}: certificates made through the command, read back, and every refusal as one line. */
class TlsCommandTest {
    @TempDir
    Path tmp;

    private record Result(int status, String out, String err) {
    }

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = DmonCtl.execute(CliContext.builder().out(out).err(err).build(), args);
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void assertRefused(Result result, int status, String message) {
        assertThat(result.status()).as(result.err()).isEqualTo(status);
        assertThat(result.err()).startsWith("dmonctl: ").contains(message).doesNotContain("Exception")
                .satisfies(e -> assertThat(e.lines().count()).isEqualTo(1));
    }

    private static String mode(Path file) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    private static X509Certificate read(Path file) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(file)));
    }

    private Path ca() {
        Path ca = tmp.resolve("ca");
        assertThat(run("tls", "ca", "create", "--out", ca.toString()).status()).isZero();
        return ca;
    }

    @Test
    void makesACaAndACoordinatorCertificateThatTlsDirLoads() throws Exception {
        Path ca = tmp.resolve("ca");
        Result made = run("tls", "ca", "create", "--out", ca.toString());
        assertThat(made.status()).as(made.err()).isZero();
        assertThat(made.out()).startsWith("wrote " + ca.resolve("ca.pem") + " and " + ca.resolve("ca-key.pem"));
        assertThat(mode(ca.resolve("ca-key.pem"))).isEqualTo("rw-------");
        assertThat(mode(ca)).isEqualTo("rwx------");
        assertThat(read(ca.resolve("ca.pem")).getBasicConstraints()).isGreaterThanOrEqualTo(0);

        Path c1 = tmp.resolve("c1");
        Result issued = run("tls", "cert", "create", "--ca", ca.toString(), "--role", "coordinator", "--out", c1.toString(),
                "--ip", "127.0.0.1", "--dns", "localhost", "--dns", "c1.internal", "--days", "30", "c1");
        assertThat(issued.status()).as(issued.err()).isZero();
        assertThat(issued.out()).contains("for dmon://coordinator/c1 (valid until ");
        assertThat(mode(c1.resolve("key.pem"))).isEqualTo("rw-------");
        assertThat(Files.readString(c1.resolve("key.pem"))).startsWith("-----BEGIN PRIVATE KEY-----\n");

        X509Certificate certificate = read(c1.resolve("cert.pem"));
        assertThat(certificate.getSubjectAlternativeNames()).containsExactlyInAnyOrder(
                List.of(6, "dmon://coordinator/c1"), List.of(7, "127.0.0.1"), List.of(2, "localhost"), List.of(2, "c1.internal"));
        assertThat(certificate.getBasicConstraints()).isEqualTo(-1);
        assertThat(certificate.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
        assertThat(certificate.getNotAfter().toInstant())
                .isBetween(Instant.now().plus(Duration.ofDays(29)), Instant.now().plus(Duration.ofDays(31)));
        certificate.verify(read(ca.resolve("ca.pem")).getPublicKey());
        assertThat(TlsDir.load(c1).principal()).isEqualTo(new Principal(Role.COORDINATOR, "c1"));
    }

    @Test
    void refusesToReplaceKeysUnlessForced() throws Exception {
        Path ca = ca();
        assertRefused(run("tls", "ca", "create", "--out", ca.toString()), 5, "ca-key.pem exists already; --force replaces it");

        Path alice = tmp.resolve("alice");
        String[] create = {"tls", "cert", "create", "--ca", ca.toString(), "--role", "operator", "--out", alice.toString(), "alice"};
        assertThat(run(create).status()).isZero();
        String key = Files.readString(alice.resolve("key.pem"));
        assertRefused(run(create), 5, "key.pem exists already");
        assertThat(Files.readString(alice.resolve("key.pem"))).isEqualTo(key);

        String[] forced = {"tls", "cert", "create", "--ca", ca.toString(), "--role", "operator", "--out", alice.toString(),
            "--force", "alice"};
        assertThat(run(forced).status()).isZero();
        assertThat(Files.readString(alice.resolve("key.pem"))).isNotEqualTo(key);
        assertThat(mode(alice.resolve("key.pem"))).isEqualTo("rw-------");
    }

    @Test
    void refusesBadInputInOneLineWithExitTwo() throws Exception {
        Path ca = ca();
        String out = tmp.resolve("x").toString();
        assertRefused(run("tls", "cert", "create", "--ca", ca.toString(), "--role", "root", "--out", out, "a"), 2,
                "--role: 'root' is not a role");
        assertRefused(run("tls", "cert", "create", "--ca", ca.toString(), "--role", "agent", "--out", out, "a/b"), 2,
                "may hold only");
        assertRefused(run("tls", "cert", "create", "--ca", ca.toString(), "--role", "agent", "--out", out, "--ip", "mail1", "a"), 2,
                "not an IP address: 'mail1'");
        assertRefused(run("tls", "cert", "create", "--ca", ca.toString(), "--role", "agent", "--out", out, "--dns", "a b", "a"), 2,
                "not a DNS name");
        for (String days : List.of("0", "-1", "3651", "x")) {
            assertRefused(run("tls", "cert", "create", "--ca", ca.toString(), "--role", "agent", "--out", out, "--days", days, "a"), 2,
                    "--days");
        }
        assertRefused(run("tls", "cert", "create", "--ca", tmp.resolve("none").toString(), "--role", "agent", "--out", out, "a"), 2,
                "--ca: " + tmp.resolve("none").resolve("ca.pem") + ": missing");
        assertRefused(run("tls", "cert", "create", "--role", "agent", "--out", out, "a"), 2, "--ca");
        assertRefused(run("tls", "ca", "create"), 2, "--out");
        assertRefused(run("tls", "ca", "create", "--out", tmp.resolve("ca2").toString(), "--days", "99999"), 2, "out of range");
        assertThat(tmp.resolve("x")).doesNotExist();
    }

    @Test
    void neverPrintsKeyMaterial() throws Exception {
        Path ca = ca();
        Files.writeString(ca.resolve("ca-key.pem"), "-----BEGIN PRIVATE KEY-----\nc2VjcmV0c2VjcmV0\n-----END PRIVATE KEY-----\n");
        Result result = run("tls", "cert", "create", "--ca", ca.toString(), "--role", "agent", "--out", tmp.resolve("a").toString(), "a");
        assertRefused(result, 2, "ca-key.pem: not a ");
        assertThat(result.err()).doesNotContain("c2VjcmV0");
    }
}
