package io.dmon.trust;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The fleet's certificate authority: makes the CA ({@code ca.pem}, {@code ca-key.pem}) and
 * issues a leaf certificate per principal into a directory that {@code --tls-dir} takes as it is
 * ({@code ca.pem}, {@code cert.pem}, {@code key.pem}). Keys are ECDSA P-256, written as PKCS#8
 * PEM, mode 0600 from creation; an existing key is never overwritten unless asked.
 */
public final class CertificateAuthority {
    /** The CA's certificate, in a CA directory and in every issued directory. */
    public static final String CA_CERT = "ca.pem";
    /** The CA's private key: only ever in the CA directory. */
    public static final String CA_KEY = "ca-key.pem";
    /** Longest leaf validity the tools accept, in days (ten years). */
    public static final int MAX_DAYS = 3650;
    /** Most IP or DNS names one certificate may carry. */
    public static final int MAX_NAMES = 64;

    private static final String SIGNATURE = "SHA256withECDSA";
    private static final Pattern DNS_NAME = Pattern.compile(
            "(?=.{1,253}$)(\\*\\.)?[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private final SecureRandom random;

    private CertificateAuthority(SecureRandom random) {
        this.random = random;
    }

    /** A certificate authority drawing keys and serial numbers from a strong random source. */
    public static CertificateAuthority create() {
        return new CertificateAuthority(new SecureRandom());
    }

    /**
     * Makes a new CA in {@code outDir} ({@code ca.pem}, {@code ca-key.pem}); the directory is
     * created mode 0700 when missing.
     *
     * @param name the CA's common name, as {@code openssl x509 -subject} shows it
     * @param overwrite replace an existing {@code ca-key.pem} (every certificate it issued stops
     *        being trusted by those that take the new {@code ca.pem})
     * @throws FileAlreadyExistsException when {@code ca-key.pem} exists and {@code overwrite} is false
     */
    public X509Certificate createCa(Path outDir, String name, Validity validity, boolean overwrite) throws IOException {
        if (name == null || name.isBlank() || name.length() > 64) {
            throw new IllegalArgumentException("a CA name is 1 to 64 characters");
        }
        PemFiles.ensureDirectory(outDir);
        Path keyFile = outDir.resolve(CA_KEY);
        if (!overwrite && Files.exists(keyFile)) {
            throw new FileAlreadyExistsException(keyFile.toString(), null, "a CA key exists already");
        }
        KeyPair keys = newKeyPair();
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, name).build();
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = builder(subject, subject, validity, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(keys.getPublic()));
            X509Certificate certificate = sign(builder, keys.getPrivate());
            PemFiles.writeKey(keyFile, PemFiles.pkcs8(keys.getPrivate()), overwrite);
            PemFiles.writePublic(outDir.resolve(CA_CERT), PemFiles.pem(certificate));
            return certificate;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("making the CA certificate failed", e);
        }
    }

    /** {@link #createCa(Path, String, Validity, boolean)} named "dmon fleet CA", valid ten years, never overwriting. */
    public X509Certificate createCa(Path outDir) throws IOException {
        return createCa(outDir, "dmon fleet CA", Validity.days(Clock.systemUTC(), 10 * 365), false);
    }

    /**
     * Issues a certificate for {@code principal}, signed by the CA in {@code caDir}, into
     * {@code outDir}: {@code ca.pem} (a copy of the CA's), {@code cert.pem} and {@code key.pem}.
     * The certificate names the principal as the URI SAN {@code dmon://ROLE/NAME}, carries
     * {@code ips} and {@code dnsNames} as SANs for host-name verification, may sign
     * (digitalSignature) and serve as both TLS server and client.
     *
     * @param ips IP address literals (no name look-up is ever made)
     * @param overwrite replace an existing {@code key.pem} (rotation)
     * @throws FileAlreadyExistsException when {@code key.pem} exists and {@code overwrite} is false
     * @throws TlsMaterialException when the CA directory cannot be used
     * @throws IllegalArgumentException when an address or name is malformed
     */
    public X509Certificate issue(Path caDir, Principal principal, List<String> ips, List<String> dnsNames,
            Validity validity, Path outDir, boolean overwrite) throws IOException, TlsMaterialException {
        List<GeneralName> names = subjectAltNames(principal, ips, dnsNames);
        X509Certificate caCertificate = PemFiles.readCertificates(caDir.resolve(CA_CERT)).get(0);
        PrivateKey caKey = PemFiles.readPrivateKey(caDir.resolve(CA_KEY));
        PemFiles.checkKeyPermissions(caDir.resolve(CA_KEY));
        if (!TlsDir.keyMatches(caKey, caCertificate.getPublicKey())) {
            throw new TlsMaterialException(caDir.resolve(CA_KEY) + ": does not match " + caDir.resolve(CA_CERT));
        }
        PemFiles.ensureDirectory(outDir);
        Path keyFile = outDir.resolve(TlsDir.KEY);
        if (!overwrite && Files.exists(keyFile)) {
            throw new FileAlreadyExistsException(keyFile.toString(), null, "a key exists already");
        }
        KeyPair keys = newKeyPair();
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, "dmon " + principal.role().word())
                .addRDN(BCStyle.CN, principal.name().length() <= 64 ? principal.name() : principal.name().substring(0, 64))
                .build();
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = builder(
                    X500Name.getInstance(caCertificate.getSubjectX500Principal().getEncoded()), subject, validity,
                    keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                            new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
                    .addExtension(Extension.subjectAlternativeName, false,
                            new GeneralNames(names.toArray(new GeneralName[0])))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(keys.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            extensions.createAuthorityKeyIdentifier(caCertificate));
            X509Certificate certificate = sign(builder, caKey);
            PemFiles.writeKey(keyFile, PemFiles.pkcs8(keys.getPrivate()), overwrite);
            PemFiles.writePublic(outDir.resolve(TlsDir.CERT), PemFiles.pem(certificate));
            PemFiles.writePublic(outDir.resolve(TlsDir.CA), PemFiles.pem(caCertificate));
            return certificate;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("making the certificate failed", e);
        }
    }

    /** {@link #issue(Path, Principal, List, List, Validity, Path, boolean)} valid {@code validity} from now, never overwriting. */
    public X509Certificate issue(Path caDir, Principal principal, List<String> ips, List<String> dnsNames,
            Duration validity, Path outDir) throws IOException, TlsMaterialException {
        return issue(caDir, principal, ips, dnsNames,
                Validity.starting(Clock.systemUTC().instant().minus(Validity.BACKDATE), validity.plus(Validity.BACKDATE)),
                outDir, false);
    }

    /** The SANs; throws IllegalArgumentException naming a malformed IP literal or DNS name (bounded in length). */
    private static List<GeneralName> subjectAltNames(Principal principal, List<String> ips, List<String> dnsNames) {
        if (ips.size() + dnsNames.size() > MAX_NAMES) {
            throw new IllegalArgumentException("more than " + MAX_NAMES + " --ip and --dns names");
        }
        List<GeneralName> names = new ArrayList<>();
        names.add(new GeneralName(GeneralName.uniformResourceIdentifier, principal.uri()));
        for (String ip : ips) {
            names.add(new GeneralName(GeneralName.iPAddress, ipLiteral(ip)));
        }
        for (String dns : dnsNames) {
            if (dns == null || !DNS_NAME.matcher(dns).matches()) {
                throw new IllegalArgumentException("not a DNS name: '" + shorten(dns) + "'");
            }
            names.add(new GeneralName(GeneralName.dNSName, dns));
        }
        return names;
    }

    private static String ipLiteral(String ip) {
        // InetAddress resolves names; only literals may reach it.
        if (ip == null || ip.length() > 45 || !IP_LITERAL.matcher(ip).matches()) {
            throw new IllegalArgumentException("not an IP address: '" + shorten(ip) + "'");
        }
        try {
            return InetAddress.getByName(ip).getHostAddress();
        } catch (IOException e) {
            throw new IllegalArgumentException("not an IP address: '" + shorten(ip) + "'");
        }
    }

    private static String shorten(String value) {
        if (value == null) {
            return "";
        }
        return value.length() <= 64 ? value : value.substring(0, 61) + "...";
    }

    private X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, Validity validity, PublicKey key) {
        return new JcaX509v3CertificateBuilder(issuer, new BigInteger(127, random).add(BigInteger.ONE),
                Date.from(validity.notBefore()), Date.from(validity.notAfter()), subject, key);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key) throws GeneralSecurityException {
        try {
            ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE).build(key);
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("no signer for " + SIGNATURE, e);
        }
    }

    private KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no ECDSA P-256 key generator", e);
        }
    }
}
