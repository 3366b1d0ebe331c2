package io.dmon.agent.supervise;

/** A job that cannot be set up (work directory, status file, users, log tool options): one line saying why. */
public final class JobSetupException extends Exception {
    private static final long serialVersionUID = 1L;

    public JobSetupException(String message) {
        super(message, null, false, false);
    }
}
