package io.dmon.trust;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/**
 * Reads and writes the PEM files of a TLS directory. Reads are bounded (a PEM file of ours is a
 * few kilobytes) and use the JDK alone; key files are written mode 0600 from their first byte.
 * Errors name the file and never quote its content.
 */
final class PemFiles {
    /** Largest PEM file read: a CA bundle of many certificates still fits. */
    static final int MAX_BYTES = 1 << 20;

    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)\\s*-----END \\1-----");
    private static final List<String> KEY_ALGORITHMS = List.of("EC", "RSA", "Ed25519");

    private PemFiles() {
    }

    /**
     * The certificates in {@code file}, in order; at least one. Read with the JDK alone, as is the
     * key: a node's start-up loads no BouncyCastle class (only the CA that writes them does).
     */
    static List<X509Certificate> readCertificates(Path file) throws TlsMaterialException {
        String text = readText(file);
        if (!text.contains("-----BEGIN CERTIFICATE-----")) {
            throw new TlsMaterialException(file + ": not a PEM certificate (no BEGIN CERTIFICATE block)");
        }
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            for (Certificate certificate : CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)))) {
                certificates.add((X509Certificate) certificate);
            }
        } catch (CertificateException | RuntimeException e) {
            throw new TlsMaterialException(file + ": not a PEM certificate");
        }
        if (certificates.isEmpty()) {
            throw new TlsMaterialException(file + ": not a PEM certificate");
        }
        return certificates;
    }

    /** The one unencrypted PKCS#8 private key in {@code file} (EC, or RSA, or Ed25519). */
    static PrivateKey readPrivateKey(Path file) throws TlsMaterialException {
        Matcher block = BLOCK.matcher(readText(file));
        if (!block.find()) {
            throw new TlsMaterialException(file + ": not a PEM private key (no BEGIN PRIVATE KEY block)");
        }
        String type = block.group(1);
        String body = block.group(2);
        if (block.find()) {
            throw new TlsMaterialException(file + ": holds more than one PEM block; a key file holds one key");
        }
        switch (type) {
            case "PRIVATE KEY" -> {
            }
            case "ENCRYPTED PRIVATE KEY" -> throw new TlsMaterialException(
                    file + ": the key is encrypted; dmon needs an unencrypted PKCS#8 key (mode 0600)");
            case "EC PRIVATE KEY", "RSA PRIVATE KEY" -> throw new TlsMaterialException(file + ": not PKCS#8 (BEGIN "
                    + type + "); convert it with 'openssl pkcs8 -topk8 -nocrypt'");
            default -> throw new TlsMaterialException(file + ": holds no private key");
        }
        try {
            Base64.getMimeDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new TlsMaterialException(file + ": not a PEM private key");
        }
        for (String algorithm : KEY_ALGORITHMS) {
            byte[] der = Base64.getMimeDecoder().decode(body);
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException | RuntimeException e) {
                // Not this algorithm's key: try the next.
            } finally {
                Arrays.fill(der, (byte) 0);
            }
        }
        throw new TlsMaterialException(file + ": not a usable private key");
    }

    /** Refuses a key file that others may read or write (as ssh does): its owner alone holds a secret. */
    static void checkKeyPermissions(Path file) throws TlsMaterialException {
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException e) {
            return;
        } catch (NoSuchFileException e) {
            throw new TlsMaterialException(file + ": missing");
        } catch (IOException e) {
            throw new TlsMaterialException(file + ": unreadable (" + reason(e) + ")");
        }
        if (permissions.contains(PosixFilePermission.OTHERS_READ) || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new TlsMaterialException(file + ": readable or writable by others; make it 0600 (chmod 600)");
        }
    }

    /** PEM text of one object (a certificate, a PKCS#8 generator). */
    static String pem(Object object) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new IllegalStateException("PEM encoding failed", e);
        }
        return text.toString();
    }

    /** PKCS#8 PEM text of a private key. */
    static String pkcs8(PrivateKey key) {
        try {
            return pem(new JcaPKCS8Generator(key, null));
        } catch (org.bouncycastle.util.io.pem.PemGenerationException e) {
            throw new IllegalStateException("PKCS#8 encoding failed", e);
        }
    }

    /**
     * Writes a private key file, mode 0600 from creation. Without {@code overwrite} an existing
     * file is refused (atomically: the file is created exclusively); with it the new file is
     * written beside and moved over the old, so a reader sees the old key or the new, whole.
     */
    static void writeKey(Path file, String pem, boolean overwrite) throws IOException {
        writeFile(file, pem, OWNER_ONLY, overwrite);
    }

    /** Writes a public file (a certificate), mode 0644, replacing any old one whole. */
    static void writePublic(Path file, String pem) throws IOException {
        writeFile(file, pem, PosixFilePermissions.fromString("rw-r--r--"), true);
    }

    /** Creates {@code dir} mode 0700 when it does not exist; an existing directory is taken as it is. */
    static void ensureDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_DIR));
    }

    private static void writeFile(Path file, String text, Set<PosixFilePermission> mode, boolean overwrite)
            throws IOException {
        FileAttribute<Set<PosixFilePermission>> attribute = PosixFilePermissions.asFileAttribute(mode);
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        if (!overwrite) {
            try (OutputStream out = Files.newOutputStream(Files.createFile(file, attribute), StandardOpenOption.WRITE)) {
                out.write(bytes);
            }
            return;
        }
        Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp", attribute);
        try {
            try (OutputStream out = Files.newOutputStream(temporary, StandardOpenOption.WRITE)) {
                out.write(bytes);
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static String readText(Path file) throws TlsMaterialException {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.exists(file)) {
            throw new TlsMaterialException(file + ": missing");
        }
        if (!Files.isRegularFile(file)) {
            throw new TlsMaterialException(file + ": not a regular file");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (NoSuchFileException e) {
            throw new TlsMaterialException(file + ": missing");
        } catch (AccessDeniedException e) {
            throw new TlsMaterialException(file + ": unreadable (permission denied)");
        } catch (IOException e) {
            throw new TlsMaterialException(file + ": unreadable (" + reason(e) + ")");
        }
        if (bytes.length > MAX_BYTES) {
            throw new TlsMaterialException(file + ": larger than " + (MAX_BYTES >> 10) + " KiB; not a PEM file of dmon's");
        }
        String text = new String(bytes, StandardCharsets.US_ASCII);
        if (!text.contains("-----BEGIN ")) {
            throw new TlsMaterialException(file + ": not PEM (no -----BEGIN line)");
        }
        return text;
    }

    private static String reason(IOException e) {
        return e.getClass().getSimpleName();
    }

    /** Whether {@code e} says the target already existed. */
    static boolean alreadyExists(IOException e) {
        return e instanceof FileAlreadyExistsException;
    }
}
