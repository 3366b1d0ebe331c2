package io.dmon.trust.tls;

import io.dmon.trust.Principal;
import io.dmon.trust.Role;
import io.dmon.trust.TlsDir;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Decides whether to trust the peer of a handshake: TLS 1.3 only, a chain to the CA in the
 * node's {@code ca.pem} as it is now (PKIX, through the JDK's own trust manager, which also
 * verifies the server's host name against its IP and DNS SANs when the engine asks it to), and a
 * peer certificate naming one dmon principal — a {@code coordinator} when {@code serverRole}
 * is set, since agents and dmonctl speak only to coordinators.
 */
final class PeerTrustManager extends X509ExtendedTrustManager {
    static final String PROTOCOL = "TLSv1.3";

    private final TlsMaterial material;
    private final Role serverRole;
    private TlsDir cachedFor;
    private X509ExtendedTrustManager cached;

    /**
     * @param serverRole the role a server must present (client side), or null (server side: any
     *        principal may connect; what it may call is decided per call)
     */
    PeerTrustManager(TlsMaterial material, Role serverRole) {
        this.material = material;
        this.serverRole = serverRole;
    }

    private synchronized X509ExtendedTrustManager delegate() throws CertificateException {
        TlsDir now = material.current();
        if (now != cachedFor) {
            cached = pkix(now.trusted());
            cachedFor = now;
        }
        return cached;
    }

    private static X509ExtendedTrustManager pkix(List<X509Certificate> authorities) throws CertificateException {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (X509Certificate authority : authorities) {
                store.setCertificateEntry("ca-" + i++, authority);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(store);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509ExtendedTrustManager extended) {
                    return extended;
                }
            }
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new CertificateException("cannot build the trust store from ca.pem", e);
        }
        throw new CertificateException("no PKIX trust manager in this JVM");
    }

    private static void checkProtocol(SSLSession handshake) throws CertificateException {
        String protocol = handshake == null ? null : handshake.getProtocol();
        if (!PROTOCOL.equals(protocol)) {
            throw new CertificateException("dmon speaks " + PROTOCOL + " only; the peer negotiated " + protocol);
        }
    }

    private void checkPrincipal(X509Certificate[] chain, boolean peerIsServer) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the peer presented no certificate");
        }
        Optional<Principal> principal = Principal.of(chain[0]);
        if (principal.isEmpty()) {
            throw new CertificateException("the peer's certificate names no dmon principal");
        }
        if (peerIsServer && serverRole != null && principal.get().role() != serverRole) {
            throw new CertificateException("the server is " + principal.get() + ", not a " + serverRole.word());
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkProtocol(engine == null ? null : engine.getHandshakeSession());
        delegate().checkClientTrusted(chain, authType, engine);
        checkPrincipal(chain, false);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkProtocol(engine == null ? null : engine.getHandshakeSession());
        delegate().checkServerTrusted(chain, authType, engine);
        checkPrincipal(chain, true);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkProtocol(socket instanceof SSLSocket ssl ? ssl.getHandshakeSession() : null);
        delegate().checkClientTrusted(chain, authType, socket);
        checkPrincipal(chain, false);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkProtocol(socket instanceof SSLSocket ssl ? ssl.getHandshakeSession() : null);
        delegate().checkServerTrusted(chain, authType, socket);
        checkPrincipal(chain, true);
    }

    /** Without an engine or socket neither the protocol nor the host name can be checked: refused. */
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("dmon checks peers only within a TLS handshake");
    }

    /** Without an engine or socket neither the protocol nor the host name can be checked: refused. */
    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("dmon checks peers only within a TLS handshake");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return material.current().trusted().toArray(new X509Certificate[0]);
    }
}
