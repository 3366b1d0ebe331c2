package io.dmon.trust.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dmon.trust.CertificateAuthority;
import io.dmon.trust.Principal;
import io.dmon.trust.Role;
import io.dmon.trust.TlsDir;
import io.dmon.trust.TlsMaterialException;
import io.dmon.trust.Validity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsMaterialTest {
    @TempDir
    Path tmp;

    private final CertificateAuthority authority = CertificateAuthority.create();
    private final Principal alice = new Principal(Role.OPERATOR, "alice");

    private static Validity day() {
        return Validity.starting(Instant.now().minusSeconds(60), Duration.ofDays(1));
    }

    @Test
    void refusesToStartOnUnusableMaterial() {
        assertThatThrownBy(() -> TlsMaterial.follow(tmp.resolve("none")))
                .isInstanceOf(TlsMaterialException.class).hasMessageEndingWith("ca.pem: missing");
    }

    @Test
    void followsARotationAndKeepsTheLastGoodMaterialThroughAHalfWrittenOne() throws Exception {
        Path ca = tmp.resolve("ca");
        authority.createCa(ca);
        Path dir = tmp.resolve("alice");
        authority.issue(ca, alice, List.of(), List.of(), day(), dir, false);
        TlsMaterial material = TlsMaterial.follow(dir);
        TlsDir first = material.current();
        assertThat(material.current()).isSameAs(first);
        assertThat(material.generation()).isZero();

        // A new key without its certificate: unusable, so the old pair stays.
        Path next = tmp.resolve("next");
        authority.issue(ca, alice, List.of(), List.of(), day(), next, false);
        Files.copy(next.resolve("key.pem"), dir.resolve("key.pem"), StandardCopyOption.REPLACE_EXISTING);
        assertThat(material.current()).isSameAs(first);

        Files.copy(next.resolve("cert.pem"), dir.resolve("cert.pem"), StandardCopyOption.REPLACE_EXISTING);
        TlsDir second = material.current();
        assertThat(second.certificate()).isEqualTo(TlsDir.load(next).certificate());
        assertThat(material.generation()).isEqualTo(1);

        Files.delete(dir.resolve("cert.pem"));
        assertThat(material.current()).isSameAs(second);
    }
}
