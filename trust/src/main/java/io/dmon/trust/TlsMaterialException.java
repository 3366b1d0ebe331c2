package io.dmon.trust;

/**
 * TLS material that cannot be used: a file missing, unreadable, not PEM, a key that does not
 * match its certificate, a certificate out of its validity or naming no principal. The message
 * is one line naming the file and what is wrong, and never holds key material.
 */
public final class TlsMaterialException extends Exception {
    private static final long serialVersionUID = 1L;

    public TlsMaterialException(String message) {
        super(message, null, false, false);
    }
}
