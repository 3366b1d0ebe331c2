package io.dmon.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsDirTest {
    @TempDir
    Path tmp;

    private final CertificateAuthority authority = CertificateAuthority.create();
    private final Principal alice = new Principal(Role.OPERATOR, "alice");
    private Path ca;

    @BeforeEach
    void makeCa() throws Exception {
        ca = tmp.resolve("ca");
        authority.createCa(ca);
    }

    private Path issue(String name, Validity validity) throws Exception {
        Path out = tmp.resolve(name);
        authority.issue(ca, alice, List.of(), List.of(), validity, out, false);
        return out;
    }

    private Path issue(String name) throws Exception {
        return issue(name, Validity.starting(Instant.now().minusSeconds(60), Duration.ofDays(1)));
    }

    private static String failure(Path dir) {
        try {
            TlsDir.load(dir);
        } catch (TlsMaterialException e) {
            assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("PRIVATE KEY").doesNotContain("MII");
            return e.getMessage();
        }
        throw new AssertionError("loaded " + dir);
    }

    @Test
    void namesAMissingFile() throws Exception {
        Path dir = issue("a");
        Files.delete(dir.resolve("key.pem"));
        assertThat(failure(dir)).isEqualTo(dir.resolve("key.pem") + ": missing");
        assertThat(failure(tmp.resolve("nowhere"))).endsWith("ca.pem: missing");
    }

    @Test
    void namesAFileThatIsNotPem() throws Exception {
        Path dir = issue("a");
        Files.writeString(dir.resolve("cert.pem"), "hello");
        assertThat(failure(dir)).isEqualTo(dir.resolve("cert.pem") + ": not PEM (no -----BEGIN line)");
        Files.writeString(dir.resolve("cert.pem"), "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n");
        assertThat(failure(dir)).isEqualTo(dir.resolve("cert.pem") + ": not a PEM certificate");
    }

    @Test
    void refusesAKeyOthersMayRead() throws Exception {
        Path dir = issue("a");
        Files.setPosixFilePermissions(dir.resolve("key.pem"), PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(failure(dir)).contains("key.pem: readable or writable by others");
    }

    @Test
    void refusesAnUnreadableKey() throws Exception {
        Path dir = issue("a");
        Files.setPosixFilePermissions(dir.resolve("key.pem"), PosixFilePermissions.fromString("---------"));
        if (Files.isReadable(dir.resolve("key.pem"))) {
            return; // running as root: nothing is unreadable
        }
        assertThat(failure(dir)).contains("key.pem: unreadable");
    }

    @Test
    void refusesAKeyThatIsNotTheCertificates() throws Exception {
        Path a = issue("a");
        Path b = issue("b");
        Files.copy(b.resolve("key.pem"), a.resolve("key.pem"), StandardCopyOption.REPLACE_EXISTING);
        assertThat(failure(a)).isEqualTo(a.resolve("key.pem") + ": does not match " + a.resolve("cert.pem"));
    }

    @Test
    void refusesAnExpiredOrNotYetValidCertificate() throws Exception {
        Path expired = issue("expired", new Validity(Instant.now().minus(Duration.ofDays(2)), Instant.now().minus(Duration.ofDays(1))));
        assertThat(failure(expired)).contains("cert.pem: expired at");
        Path early = issue("early", Validity.starting(Instant.now().plus(Duration.ofDays(1)), Duration.ofDays(1)));
        assertThat(failure(early)).contains("cert.pem: not valid before");
    }

    @Test
    void refusesACertificateOfAnotherCa() throws Exception {
        Path dir = issue("a");
        Path other = tmp.resolve("other");
        authority.createCa(other);
        Files.copy(other.resolve("ca.pem"), dir.resolve("ca.pem"), StandardCopyOption.REPLACE_EXISTING);
        assertThat(failure(dir)).isEqualTo(dir.resolve("cert.pem") + ": not signed by the CA in " + dir.resolve("ca.pem"));
    }

    @Test
    void refusesACertificateNamingNoPrincipal() throws Exception {
        // The CA's own certificate names no principal; its key matches it.
        Path dir = tmp.resolve("noprincipal");
        Files.createDirectory(dir);
        Files.copy(ca.resolve("ca.pem"), dir.resolve("ca.pem"));
        Files.copy(ca.resolve("ca.pem"), dir.resolve("cert.pem"));
        Files.copy(ca.resolve("ca-key.pem"), dir.resolve("key.pem"));
        assertThat(failure(dir)).contains("cert.pem: names no dmon principal");
    }
}
