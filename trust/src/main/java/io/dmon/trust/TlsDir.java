package io.dmon.trust;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * One node's TLS material, the directory {@code --tls-dir} names: {@code ca.pem} (the CA
 * certificates it trusts), {@code cert.pem} (its own certificate, then any intermediates) and
 * {@code key.pem} (its private key, not readable by others). {@link #load} reads and checks it
 * whole; an instance is an immutable snapshot.
 */
public final class TlsDir {
    /** The CA certificates trusted. */
    public static final String CA = "ca.pem";
    /** This node's certificate chain, its own first. */
    public static final String CERT = "cert.pem";
    /** This node's private key. */
    public static final String KEY = "key.pem";

    private final Path dir;
    private final List<X509Certificate> trusted;
    private final List<X509Certificate> chain;
    private final PrivateKey key;
    private final Principal principal;

    private TlsDir(Path dir, List<X509Certificate> trusted, List<X509Certificate> chain, PrivateKey key,
            Principal principal) {
        this.dir = dir;
        this.trusted = List.copyOf(trusted);
        this.chain = List.copyOf(chain);
        this.key = key;
        this.principal = principal;
    }

    /**
     * Reads and checks {@code dir}: every file present, readable and PEM; the key not readable
     * by others and matching the certificate; the certificate valid now, signed by one of the
     * CA certificates and naming one dmon principal.
     *
     * @throws TlsMaterialException one line naming the file and what is wrong
     */
    public static TlsDir load(Path dir, Clock clock) throws TlsMaterialException {
        List<X509Certificate> trusted = PemFiles.readCertificates(dir.resolve(CA));
        List<X509Certificate> chain = PemFiles.readCertificates(dir.resolve(CERT));
        Path keyFile = dir.resolve(KEY);
        PemFiles.checkKeyPermissions(keyFile);
        PrivateKey key = PemFiles.readPrivateKey(keyFile);
        X509Certificate own = chain.get(0);
        if (!keyMatches(key, own.getPublicKey())) {
            throw new TlsMaterialException(keyFile + ": does not match " + dir.resolve(CERT));
        }
        Instant now = clock.instant();
        if (now.isBefore(own.getNotBefore().toInstant())) {
            throw new TlsMaterialException(dir.resolve(CERT) + ": not valid before " + own.getNotBefore().toInstant());
        }
        if (now.isAfter(own.getNotAfter().toInstant())) {
            throw new TlsMaterialException(dir.resolve(CERT) + ": expired at " + own.getNotAfter().toInstant());
        }
        Principal principal = Principal.of(own).orElseThrow(() -> new TlsMaterialException(
                dir.resolve(CERT) + ": names no dmon principal (a URI SAN dmon://ROLE/NAME; make it with 'dmonctl tls cert create')"));
        X509Certificate issuer = chain.size() > 1 ? chain.get(chain.size() - 1) : own;
        if (!signedByOneOf(issuer, trusted)) {
            throw new TlsMaterialException(dir.resolve(CERT) + ": not signed by the CA in " + dir.resolve(CA));
        }
        return new TlsDir(dir, trusted, chain, key, principal);
    }

    /** Loads with the system clock. */
    public static TlsDir load(Path dir) throws TlsMaterialException {
        return load(dir, Clock.systemUTC());
    }

    /** True when {@code key} is the private half of {@code publicKey} (a signature made and checked). */
    static boolean keyMatches(PrivateKey key, PublicKey publicKey) {
        if (!key.getAlgorithm().equals(publicKey.getAlgorithm())) {
            return false;
        }
        String algorithm = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (algorithm == null) {
            return false;
        }
        try {
            byte[] probe = new byte[32];
            new SecureRandom().nextBytes(probe);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static boolean signedByOneOf(X509Certificate certificate, List<X509Certificate> authorities) {
        for (X509Certificate authority : authorities) {
            if (!authority.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
                continue;
            }
            try {
                certificate.verify(authority.getPublicKey());
                return true;
            } catch (GeneralSecurityException | RuntimeException e) {
                // Another CA of the same name: try the next.
            }
        }
        return false;
    }

    /** The directory read. */
    public Path dir() {
        return dir;
    }

    /** The CA certificates this node trusts ({@code ca.pem}). */
    public List<X509Certificate> trusted() {
        return trusted;
    }

    /** This node's chain ({@code cert.pem}), its own certificate first. */
    public List<X509Certificate> chain() {
        return chain;
    }

    /** This node's own certificate. */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    /** This node's private key; never printed. */
    public PrivateKey privateKey() {
        return key;
    }

    /** Who this node is, by its certificate. */
    public Principal principal() {
        return principal;
    }

    /** The directory and principal; no key material. */
    @Override
    public String toString() {
        return "TlsDir[" + dir + ", " + principal + "]";
    }
}
