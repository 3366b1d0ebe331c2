package io.dmon.trust;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One identity of the fleet: a role and a name ({@code operator/alice}, {@code agent/mail1}),
 * carried in a certificate as the URI subject alternative name {@code dmon://ROLE/NAME}. A
 * certificate that names no principal, or more than one, names none: nothing is guessed from the
 * subject's common name.
 *
 * @param role what the holder may do
 * @param name who it is: a host name for agents and coordinators, a person or robot for the rest
 */
public record Principal(Role role, String name) {
    /** The scheme of principal URIs. */
    public static final String SCHEME = "dmon";
    /** Longest name accepted: a host name's limit. */
    public static final int MAX_NAME = 253;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]*");
    /** {@code X509Certificate.getSubjectAlternativeNames}'s code for a URI. */
    private static final int SAN_URI = 6;

    public Principal {
        if (role == null) {
            throw new IllegalArgumentException("a principal needs a role");
        }
        checkName(name);
    }

    /** Throws IllegalArgumentException naming what is wrong with {@code name} (without echoing a long one). */
    public static void checkName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a principal needs a name");
        }
        if (name.length() > MAX_NAME) {
            throw new IllegalArgumentException("principal name longer than " + MAX_NAME + " characters");
        }
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("principal name '" + name
                    + "' may hold only letters, digits, '.', '_', '@' and '-', and must start with a letter or digit");
        }
    }

    /** {@code dmon://operator/alice}. */
    public String uri() {
        return SCHEME + "://" + role.word() + "/" + name;
    }

    /** {@code operator/alice}: how events and the audit log name the caller. */
    @Override
    public String toString() {
        return role.word() + "/" + name;
    }

    /** Parses {@code dmon://ROLE/NAME}; IllegalArgumentException says what is wrong. */
    public static Principal parse(String uri) {
        String prefix = SCHEME + "://";
        if (uri == null || !uri.startsWith(prefix)) {
            throw new IllegalArgumentException("not a dmon principal URI (dmon://ROLE/NAME)");
        }
        String rest = uri.substring(prefix.length());
        int slash = rest.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("principal URI without a name (dmon://ROLE/NAME)");
        }
        String word = rest.substring(0, slash);
        Role role = Role.ofWord(word).orElseThrow(() -> new IllegalArgumentException(
                "unknown role in principal URI (agent, coordinator, viewer, operator, admin)"));
        return new Principal(role, rest.substring(slash + 1));
    }

    /**
     * The principal a certificate names: its one {@code dmon://} URI subject alternative name.
     * Empty when it names none, several, or a malformed one.
     */
    public static Optional<Principal> of(X509Certificate certificate) {
        Collection<List<?>> names;
        try {
            names = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return Optional.empty();
        }
        if (names == null) {
            return Optional.empty();
        }
        Principal found = null;
        for (List<?> entry : names) {
            if (entry.size() < 2 || !(entry.get(0) instanceof Integer type) || type != SAN_URI) {
                continue;
            }
            String uri = String.valueOf(entry.get(1));
            if (!uri.startsWith(SCHEME + "://")) {
                continue;
            }
            Principal principal;
            try {
                principal = parse(uri);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
            if (found != null) {
                return Optional.empty();
            }
            found = principal;
        }
        return Optional.ofNullable(found);
    }
}
