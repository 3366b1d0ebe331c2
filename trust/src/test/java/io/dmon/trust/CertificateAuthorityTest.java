package io.dmon.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateAuthorityTest {
    @TempDir
    Path tmp;

    private final CertificateAuthority authority = CertificateAuthority.create();

    @Test
    void caIsACaWithAnOwnerOnlyKey() throws Exception {
        Path ca = tmp.resolve("ca");
        X509Certificate certificate = authority.createCa(ca);
        assertThat(certificate.getBasicConstraints()).isEqualTo(0);
        assertThat(certificate.getKeyUsage()[5]).as("keyCertSign").isTrue();
        assertThat(certificate.getPublicKey()).isInstanceOf(ECPublicKey.class);
        assertThat(((ECPublicKey) certificate.getPublicKey()).getParams().getCurve().getField().getFieldSize()).isEqualTo(256);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ca.resolve("ca-key.pem")))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ca))).isEqualTo("rwx------");
        assertThat(Files.readString(ca.resolve("ca-key.pem"))).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(PemFiles.readCertificates(ca.resolve("ca.pem"))).containsExactly(certificate);
        assertThatThrownBy(() -> authority.createCa(ca)).isInstanceOf(FileAlreadyExistsException.class);
    }

    @Test
    void leafNamesItsPrincipalAndAddressesAndIsNoCa() throws Exception {
        Path ca = tmp.resolve("ca");
        authority.createCa(ca);
        Path out = tmp.resolve("c1");
        X509Certificate leaf = authority.issue(ca, new Principal(Role.COORDINATOR, "c1"), List.of("127.0.0.1", "::1"),
                List.of("localhost", "c1.example"), Duration.ofDays(30), out);

        assertThat(Principal.of(leaf)).contains(new Principal(Role.COORDINATOR, "c1"));
        assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
        assertThat(leaf.getKeyUsage()[0]).as("digitalSignature").isTrue();
        assertThat(leaf.getKeyUsage()[5]).as("keyCertSign").isFalse();
        assertThat(leaf.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
        assertThat(leaf.getSubjectAlternativeNames()).contains(
                List.of(6, "dmon://coordinator/c1"), List.of(7, "127.0.0.1"), List.of(7, "0:0:0:0:0:0:0:1"),
                List.of(2, "localhost"), List.of(2, "c1.example"));
        assertThat(leaf.getNotAfter().toInstant()).isBetween(Instant.now().plus(Duration.ofDays(29)), Instant.now().plus(Duration.ofDays(31)));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("key.pem")))).isEqualTo("rw-------");
        assertThat(Files.readString(out.resolve("key.pem"))).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.readString(out.resolve("ca.pem"))).isEqualTo(Files.readString(ca.resolve("ca.pem")));

        TlsDir dir = TlsDir.load(out);
        assertThat(dir.principal()).isEqualTo(new Principal(Role.COORDINATOR, "c1"));
        assertThat(dir.certificate()).isEqualTo(leaf);
        assertThat(dir.toString()).doesNotContain("PRIVATE");
    }

    @Test
    void refusesToOverwriteAKeyUnlessAsked() throws Exception {
        Path ca = tmp.resolve("ca");
        authority.createCa(ca);
        Path out = tmp.resolve("alice");
        Principal alice = new Principal(Role.OPERATOR, "alice");
        authority.issue(ca, alice, List.of(), List.of(), Duration.ofDays(1), out);
        String key = Files.readString(out.resolve("key.pem"));
        assertThatThrownBy(() -> authority.issue(ca, alice, List.of(), List.of(), Duration.ofDays(1), out))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readString(out.resolve("key.pem"))).isEqualTo(key);

        Validity day = Validity.starting(Instant.now().minusSeconds(60), Duration.ofDays(1));
        authority.issue(ca, alice, List.of(), List.of(), day, out, true);
        assertThat(Files.readString(out.resolve("key.pem"))).isNotEqualTo(key);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("key.pem")))).isEqualTo("rw-------");
        assertThat(TlsDir.load(out).principal()).isEqualTo(alice);
    }

    @Test
    void refusesMalformedNamesWithoutEchoingThemWhole() throws Exception {
        Path ca = tmp.resolve("ca");
        authority.createCa(ca);
        Principal agent = new Principal(Role.AGENT, "mail1");
        assertThatThrownBy(() -> authority.issue(ca, agent, List.of("mail1.example"), List.of(), Duration.ofDays(1), tmp.resolve("x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an IP address");
        assertThatThrownBy(() -> authority.issue(ca, agent, List.of("999.1.1.1"), List.of(), Duration.ofDays(1), tmp.resolve("x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an IP address");
        String huge = "a".repeat(10_000);
        assertThatThrownBy(() -> authority.issue(ca, agent, List.of(), List.of(huge), Duration.ofDays(1), tmp.resolve("x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a DNS name")
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(120));
        assertThat(tmp.resolve("x")).doesNotExist();
    }

    @Test
    void refusesACaDirectoryWhoseKeyIsNotItsCertificates() throws Exception {
        Path ca = tmp.resolve("ca");
        Path other = tmp.resolve("other");
        authority.createCa(ca);
        authority.createCa(other);
        Files.copy(other.resolve("ca-key.pem"), ca.resolve("ca-key.pem"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> authority.issue(ca, new Principal(Role.AGENT, "a"), List.of(), List.of(), Duration.ofDays(1), tmp.resolve("a")))
                .isInstanceOf(TlsMaterialException.class).hasMessageContaining("does not match");
        Files.writeString(ca.resolve("ca.pem"), "garbage", StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> authority.issue(ca, new Principal(Role.AGENT, "a"), List.of(), List.of(), Duration.ofDays(1), tmp.resolve("a")))
                .isInstanceOf(TlsMaterialException.class).hasMessageContaining("ca.pem: not PEM");
    }
}
