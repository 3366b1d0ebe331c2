package io.dmon.agent.host;

/**
 * A job that cannot be started at all (bad spec, unknown user, missing work directory), or that
 * this agent refuses to start ({@link #refused()}: its {@link RunAsPolicy}, or {@code -P} on a
 * host without pressure stall information): one line.
 */
public final class LaunchException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean refused;

    public LaunchException(String message) {
        this(message, false);
    }

    private LaunchException(String message, boolean refused) {
        super(message, null, false, false);
        this.refused = refused;
    }

    /** The agent's policy forbids the job: it is reported REFUSED, not FAILED. */
    static LaunchException refusal(String reason) {
        return new LaunchException(reason, true);
    }

    /** True when the agent's policy refused the job, rather than the job being unable to start. */
    public boolean refused() {
        return refused;
    }
}
