package io.dmon.trust.tls;

import io.dmon.trust.TlsDir;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Presents this node's certificate from {@link TlsMaterial}, as it is at each handshake. The alias
 * names the material's generation, so a handshake that chose an alias before a reload still gets
 * the key and chain of that one generation, never a certificate with another's key.
 */
final class ReloadingKeyManager extends X509ExtendedKeyManager {
    private static final String PREFIX = "dmon-";

    private final TlsMaterial material;
    private TlsMaterial.Snapshot previous;
    private TlsMaterial.Snapshot latest;

    ReloadingKeyManager(TlsMaterial material) {
        this.material = material;
    }

    private synchronized String choose(String keyType) {
        TlsMaterial.Snapshot now = material.snapshot();
        if (latest == null || latest.generation() != now.generation()) {
            previous = latest;
            latest = now;
        }
        if (keyType != null && !keyType.split("_")[0].equals(now.material().privateKey().getAlgorithm())) {
            return null;
        }
        return PREFIX + now.generation();
    }

    private synchronized TlsDir material(String alias) {
        if (alias == null || !alias.startsWith(PREFIX)) {
            return null;
        }
        for (TlsMaterial.Snapshot snapshot : new TlsMaterial.Snapshot[] {latest, previous}) {
            if (snapshot != null && alias.equals(PREFIX + snapshot.generation())) {
                return snapshot.material();
            }
        }
        return null;
    }

    private String chooseAny(String[] keyTypes) {
        if (keyTypes == null) {
            return choose(null);
        }
        for (String keyType : keyTypes) {
            String alias = choose(keyType);
            if (alias != null) {
                return alias;
            }
        }
        return null;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return choose(keyType);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return choose(keyType);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return chooseAny(keyTypes);
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return chooseAny(keyTypes);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        String alias = choose(keyType);
        return alias == null ? null : new String[] {alias};
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return getServerAliases(keyType, issuers);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        TlsDir found = material(alias);
        return found == null ? null : found.chain().toArray(new X509Certificate[0]);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        TlsDir found = material(alias);
        return found == null ? null : found.privateKey();
    }
}
