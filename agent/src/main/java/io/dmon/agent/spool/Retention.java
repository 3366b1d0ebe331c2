package io.dmon.agent.spool;

/**
 * How much of a job's acknowledged output its spool keeps as the host's record
 * ({@code dmon-agent --log-retain SIZE,AGE}): the oldest acknowledged segments go once the
 * job's spool holds more than {@code bytes}, or once their last line was written more than
 * {@code ageMillis} ago.
 */
public record Retention(long bytes, long ageMillis) {
    /** Nothing kept once acknowledged. */
    public static final Retention NONE = new Retention(0, 0);

    public Retention {
        if (bytes < 0 || ageMillis < 0) {
            throw new IllegalArgumentException("a retention is not negative");
        }
    }
}
