package io.dmon.trust.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dmon.trust.CertificateAuthority;
import io.dmon.trust.Principal;
import io.dmon.trust.Role;
import io.dmon.trust.TlsDir;
import io.dmon.trust.Validity;
import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettySslContextChannelCredentials;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mutual TLS between real Netty servers and clients on 127.0.0.1, with certificates of a real CA. */
class MutualTlsTest {
    @TempDir
    Path tmp;

    private final CertificateAuthority authority = CertificateAuthority.create();
    private Path ca;
    private Path coordinator;
    private Path agent;

    @BeforeEach
    void makeFleet() throws Exception {
        ca = tmp.resolve("ca");
        authority.createCa(ca);
        coordinator = issue(ca, new Principal(Role.COORDINATOR, "c1"), List.of("127.0.0.1"), day(), "c1");
        agent = issue(ca, new Principal(Role.AGENT, "mail1"), List.of(), day(), "mail1");
    }

    private static Validity day() {
        return Validity.starting(Instant.now().minusSeconds(60), Duration.ofDays(1));
    }

    private Path issue(Path caDir, Principal principal, List<String> ips, Validity validity, String name) throws Exception {
        Path out = tmp.resolve(name);
        authority.issue(caDir, principal, ips, List.of(), validity, out, false);
        return out;
    }

    private static ChannelCredentials client(Path dir) throws Exception {
        return MutualTls.channelCredentials(TlsMaterial.follow(dir));
    }

    private static EchoPeer server(Path dir) throws Exception {
        return new EchoPeer(MutualTls.serverCredentials(TlsMaterial.follow(dir)));
    }

    private static String serial(Path dir) throws Exception {
        return TlsDir.load(dir).certificate().getSerialNumber().toString(16);
    }

    @Test
    void mutualTls13BetweenAgentAndCoordinatorExposesBothPrincipals() throws Exception {
        try (EchoPeer server = server(coordinator)) {
            EchoPeer.Answer answer = server.call(client(agent));
            assertThat(answer.clientAsServerSawIt()).isEqualTo("TLSv1.3 agent/mail1 " + serial(agent));
            assertThat(answer.serverAsClientSawIt()).isEqualTo("TLSv1.3 coordinator/c1 " + serial(coordinator));
        }
    }

    @Test
    void theJdkEngineOfShortLivedClientsChecksTheSame() throws Exception {
        try (EchoPeer server = server(coordinator)) {
            EchoPeer.Answer answer = server.call(MutualTls.shortLivedChannelCredentials(TlsMaterial.follow(agent)));
            assertThat(answer.clientAsServerSawIt()).isEqualTo("TLSv1.3 agent/mail1 " + serial(agent));
            assertThat(answer.serverAsClientSawIt()).isEqualTo("TLSv1.3 coordinator/c1 " + serial(coordinator));
        }
        Path impostor = issue(ca, new Principal(Role.OPERATOR, "c1"), List.of("127.0.0.1"), day(), "impostor");
        Path elsewhere = issue(ca, new Principal(Role.COORDINATOR, "c2"), List.of("127.0.0.2"), day(), "c2");
        for (Path wrong : List.of(impostor, elsewhere)) {
            try (EchoPeer server = server(wrong)) {
                assertThatThrownBy(() -> server.call(MutualTls.shortLivedChannelCredentials(TlsMaterial.follow(agent))))
                        .isInstanceOf(StatusRuntimeException.class);
                assertThat(server.served).hasValue(0);
            }
        }
    }

    @Test
    void refusesAClientWithoutCertificate() throws Exception {
        X509Certificate caCertificate = TlsDir.load(agent).trusted().get(0);
        ChannelCredentials noCertificate = NettySslContextChannelCredentials.create(GrpcSslContexts.configure(
                SslContextBuilder.forClient().trustManager(caCertificate).protocols("TLSv1.3")).build());
        assertRefused(noCertificate);
    }

    @Test
    void refusesAClientCertificateOfAnotherCa() throws Exception {
        Path otherCa = tmp.resolve("other-ca");
        authority.createCa(otherCa);
        Path stranger = issue(otherCa, new Principal(Role.ADMIN, "mallory"), List.of(), day(), "mallory");
        // Mallory trusts our CA, so only the server's check of her certificate can refuse her.
        java.nio.file.Files.copy(ca.resolve("ca.pem"), stranger.resolve("ca-ours.pem"));
        Path mixed = tmp.resolve("mixed");
        java.nio.file.Files.createDirectory(mixed);
        java.nio.file.Files.copy(stranger.resolve("cert.pem"), mixed.resolve("cert.pem"));
        java.nio.file.Files.copy(stranger.resolve("key.pem"), mixed.resolve("key.pem"));
        java.nio.file.Files.writeString(mixed.resolve("ca.pem"), java.nio.file.Files.readString(ca.resolve("ca.pem"))
                + java.nio.file.Files.readString(otherCa.resolve("ca.pem")));
        assertRefused(client(mixed));
    }

    @Test
    void refusesAnExpiredClientCertificate() throws Exception {
        Path expired = issue(ca, new Principal(Role.OPERATOR, "old"), List.of(),
                new Validity(Instant.now().minus(Duration.ofDays(2)), Instant.now().minus(Duration.ofDays(1))), "old");
        // TlsDir refuses to load it, so the client is built by hand from the files.
        assertRefused(rawClient(expired));
    }

    @Test
    void refusesAPlaintextClient() throws Exception {
        assertRefused(InsecureChannelCredentials.create());
    }

    @Test
    void refusesAServerThatIsNotACoordinator() throws Exception {
        Path impostor = issue(ca, new Principal(Role.OPERATOR, "c1"), List.of("127.0.0.1"), day(), "impostor");
        try (EchoPeer server = server(impostor)) {
            assertThatThrownBy(() -> server.call(client(agent))).isInstanceOf(StatusRuntimeException.class);
            assertThat(server.served).hasValue(0);
        }
    }

    @Test
    void refusesACoordinatorDialledByAnAddressItsCertificateDoesNotName() throws Exception {
        Path elsewhere = issue(ca, new Principal(Role.COORDINATOR, "c2"), List.of("127.0.0.2"), day(), "c2");
        try (EchoPeer server = server(elsewhere)) {
            assertThatThrownBy(() -> server.call(client(agent))).isInstanceOf(StatusRuntimeException.class);
            assertThat(server.served).hasValue(0);
        }
    }

    @Test
    void refusesTls12() throws Exception {
        try (EchoPeer server = server(coordinator)) {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers(agent), trustManagers(ca), null);
            try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", server.port())) {
                socket.setSoTimeout(10_000);
                socket.setEnabledProtocols(new String[] {"TLSv1.2"});
                assertThatThrownBy(socket::startHandshake).isInstanceOf(SSLException.class);
            }
            // The same client speaking TLS 1.3 gets through the handshake: the refusal was the protocol.
            try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", server.port())) {
                socket.setSoTimeout(10_000);
                socket.setEnabledProtocols(new String[] {"TLSv1.3"});
                socket.startHandshake();
                assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
            }
        }
    }

    @Test
    void rotatedCertificatesArePresentedAtTheNextHandshakeWithoutRestart() throws Exception {
        try (EchoPeer server = server(coordinator)) {
            ChannelCredentials credentials = client(agent);
            EchoPeer.Answer before = server.call(credentials);
            assertThat(before.serverAsClientSawIt()).endsWith(serial(coordinator));
            assertThat(before.clientAsServerSawIt()).endsWith(serial(agent));

            authority.issue(ca, new Principal(Role.COORDINATOR, "c1"), List.of("127.0.0.1"), List.of(), day(), coordinator, true);
            authority.issue(ca, new Principal(Role.AGENT, "mail1"), List.of(), List.of(), day(), agent, true);
            EchoPeer.Answer after = server.call(credentials);
            assertThat(after.serverAsClientSawIt()).isEqualTo("TLSv1.3 coordinator/c1 " + serial(coordinator))
                    .isNotEqualTo(before.serverAsClientSawIt());
            assertThat(after.clientAsServerSawIt()).isEqualTo("TLSv1.3 agent/mail1 " + serial(agent))
                    .isNotEqualTo(before.clientAsServerSawIt());
        }
    }

    private void assertRefused(ChannelCredentials credentials) throws Exception {
        try (EchoPeer server = server(coordinator)) {
            assertThatThrownBy(() -> server.call(credentials)).isInstanceOf(StatusRuntimeException.class);
            assertThat(server.served).as("calls that reached the service").hasValue(0);
        }
    }

    /** Credentials straight from the files, with none of TlsDir's checks. */
    private static ChannelCredentials rawClient(Path dir) throws Exception {
        return NettySslContextChannelCredentials.create(GrpcSslContexts.configure(SslContextBuilder.forClient()
                .keyManager(keyManagers(dir)[0] instanceof javax.net.ssl.X509KeyManager km ? km : null)
                .trustManager(trustManagers(dir)[0])
                .protocols("TLSv1.3")).build());
    }

    private static javax.net.ssl.KeyManager[] keyManagers(Path dir) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("me", RawPem.key(dir.resolve("key.pem")), new char[0],
                RawPem.certificates(dir.resolve("cert.pem")).toArray(new X509Certificate[0]));
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, new char[0]);
        return factory.getKeyManagers();
    }

    private static javax.net.ssl.TrustManager[] trustManagers(Path dir) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        int i = 0;
        for (X509Certificate certificate : RawPem.certificates(dir.resolve("ca.pem"))) {
            store.setCertificateEntry("ca" + i++, certificate);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        factory.init(store);
        return factory.getTrustManagers();
    }
}
