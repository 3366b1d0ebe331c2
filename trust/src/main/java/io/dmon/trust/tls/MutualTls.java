package io.dmon.trust.tls;

import io.dmon.trust.Role;
import io.grpc.ChannelCredentials;
import io.grpc.ServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettySslContextChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettySslContextServerCredentials;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import io.grpc.netty.shaded.io.netty.handler.ssl.OpenSslSessionContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSessionContext;

/**
 * The gRPC credentials of every hop: mutual TLS 1.3 with certificates from a {@link TlsMaterial},
 * re-read at each handshake so that certificates rotate without a restart.
 *
 * <p>TLS 1.3 is pinned twice: the Netty {@link SslContext} enables no other protocol (grpc's
 * {@code TlsServerCredentials} has no protocol setting, hence a Netty context wrapped as gRPC
 * credentials), and the trust manager refuses any handshake whose session says otherwise.
 * Servers require a client certificate ({@link ClientAuth#REQUIRE}) naming a dmon principal;
 * clients require the server's to name a {@code coordinator} and to match the address dialled
 * (grpc turns on HTTPS host-name verification for every TLS channel). Sessions are never
 * resumed, so each connection's handshake checks the certificates as they are now.
 */
public final class MutualTls {
    private MutualTls() {
    }

    /** A coordinator's server credentials: clients must present a certificate of the fleet's CA. */
    public static ServerCredentials serverCredentials(TlsMaterial material) {
        SslContextBuilder builder = SslContextBuilder.forServer(new ReloadingKeyManager(material))
                .trustManager(new PeerTrustManager(material, null))
                .clientAuth(ClientAuth.REQUIRE)
                .protocols(PeerTrustManager.PROTOCOL);
        return NettySslContextServerCredentials.create(build(GrpcSslContexts.configure(builder)));
    }

    /**
     * The credentials of an agent's channel to a coordinator: BoringSSL when this platform has it
     * (grpc-netty-shaded carries it), for the throughput of a long-lived log stream.
     */
    public static ChannelCredentials channelCredentials(TlsMaterial material) {
        return NettySslContextChannelCredentials.create(build(GrpcSslContexts.configure(clientBuilder(material))));
    }

    /**
     * The credentials of a process that makes a few calls and exits (dmonctl): the JDK's own TLS
     * engine, which is ready several hundred milliseconds sooner than BoringSSL's native library
     * is loaded. Checks are the same as {@link #channelCredentials}'s.
     */
    public static ChannelCredentials shortLivedChannelCredentials(TlsMaterial material) {
        return NettySslContextChannelCredentials.create(
                build(GrpcSslContexts.configure(clientBuilder(material), SslProvider.JDK)));
    }

    private static SslContextBuilder clientBuilder(TlsMaterial material) {
        return SslContextBuilder.forClient()
                .keyManager(new ReloadingKeyManager(material))
                .trustManager(new PeerTrustManager(material, Role.COORDINATOR))
                .protocols(PeerTrustManager.PROTOCOL);
    }

    private static SslContext build(SslContextBuilder builder) {
        SslContext context;
        try {
            context = builder.build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot make a TLS context: " + e.getMessage(), e);
        }
        withoutResumption(context.sessionContext());
        return context;
    }

    /**
     * Every connection makes a full handshake: a resumed session would skip the checks of the
     * peer's certificate as it is now (rotation, expiry, a replaced CA) and present the old one.
     * Reconnects are rare, so the cost of a full handshake is paid seldom.
     */
    private static void withoutResumption(SSLSessionContext sessions) {
        if (sessions instanceof OpenSslSessionContext openSsl) {
            openSsl.setSessionCacheEnabled(false);
        } else if (sessions != null) {
            // The JDK's engine has no switch: one cached session, expired after a second (0 would mean forever).
            sessions.setSessionCacheSize(1);
            sessions.setSessionTimeout(1);
        }
    }
}
