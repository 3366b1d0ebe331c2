package io.dmon.agent.process;

/** A user or group that cannot be used; the message is one line. */
public final class CredentialsException extends Exception {
    private static final long serialVersionUID = 1L;

    public CredentialsException(String message) {
        super(message, null, false, false);
    }
}
