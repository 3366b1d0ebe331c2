package io.dmon.agent.host;

/** A job that cannot be started at all (bad spec, unknown user, missing work directory): one line. */
public final class LaunchException extends Exception {
    private static final long serialVersionUID = 1L;

    public LaunchException(String message) {
        super(message, null, false, false);
    }
}
