package io.dmon.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A peer whose clock is behind the issuer's accepts a CA and a certificate made a moment ago, both
 * when it loads its own ({@link TlsDir#load}) and when it checks the other side's chain the way a
 * TLS trust manager does (PKIX, at the peer's own time). Made with the tools' paths
 * ({@link Validity#days}, {@code issue(..., Duration, ...)}).
 */
class SkewedClockTest {
    private static final Duration FLEET_SKEW = Duration.ofMinutes(5);

    @TempDir
    Path tmp;

    private final CertificateAuthority authority = CertificateAuthority.create();
    private final Principal agent = new Principal(Role.AGENT, "behind");
    private X509Certificate caCert;
    private X509Certificate issuedByDays;
    private X509Certificate issuedForDuration;

    @BeforeEach
    void issueNow() throws Exception {
        Path ca = tmp.resolve("ca");
        caCert = authority.createCa(ca, "skew CA", Validity.days(Clock.systemUTC(), 30), false);
        issuedByDays = authority.issue(ca, agent, List.of("127.0.0.1"), List.of(),
                Validity.days(Clock.systemUTC(), 30), tmp.resolve("days"), false);
        issuedForDuration = authority.issue(ca, agent, List.of("127.0.0.1"), List.of(), Duration.ofDays(30),
                tmp.resolve("duration"));
    }

    @Test
    void aPeerFiveMinutesBehindLoadsAndTrustsAFreshCertificate() throws Exception {
        Instant behind = Instant.now().minus(FLEET_SKEW);
        for (String dir : List.of("days", "duration")) {
            TlsDir loaded = TlsDir.load(tmp.resolve(dir), Clock.fixed(behind, ZoneOffset.UTC));
            assertThat(loaded.principal()).isEqualTo(agent);
        }
        validate(issuedByDays, behind);
        validate(issuedForDuration, behind);
        // With room to spare, not on the edge: twelve times the fleet's skew still passes.
        validate(issuedByDays, Instant.now().minus(FLEET_SKEW.multipliedBy(11)));
    }

    @Test
    void aPeerMoreThanTheBackdateBehindRefusesIt() throws Exception {
        Instant tooFar = Instant.now().minus(Validity.BACKDATE).minus(Duration.ofMinutes(2));
        assertThatThrownBy(() -> validate(issuedByDays, tooFar)).isInstanceOf(CertPathValidatorException.class);
        assertThatThrownBy(() -> TlsDir.load(tmp.resolve("duration"), Clock.fixed(tooFar, ZoneOffset.UTC)))
                .isInstanceOf(TlsMaterialException.class).hasMessageContaining("not valid before");
    }

    /** What a trust manager does at the peer: the chain to the CA, checked at the peer's time. */
    private void validate(X509Certificate cert, Instant peerNow) throws Exception {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(caCert, null)));
        params.setRevocationEnabled(false);
        params.setDate(Date.from(peerNow));
        CertPathValidator.getInstance("PKIX").validate(cf.generateCertPath(List.of(cert)), params);
    }
}
