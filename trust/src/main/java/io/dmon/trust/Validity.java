package io.dmon.trust;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When a certificate is valid: from {@code notBefore} to {@code notAfter}, both inclusive. Tests
 * make expired and not-yet-valid certificates with an explicit window; tools use {@link #days}.
 *
 * @param notBefore the first instant the certificate is valid
 * @param notAfter the last instant the certificate is valid
 */
public record Validity(Instant notBefore, Instant notAfter) {
    /**
     * How far {@link #days} back-dates the start: a peer whose clock is behind the issuer's must not
     * refuse a certificate made a moment ago. An hour, as is common practice, well beyond the
     * 5 minutes of skew the fleet tolerates elsewhere: at exactly 5 minutes an agent 5 minutes
     * behind stood on the edge of refusing a fresh certificate.
     */
    public static final Duration BACKDATE = Duration.ofHours(1);

    public Validity {
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        if (!notAfter.isAfter(notBefore)) {
            throw new IllegalArgumentException("a validity must end after it starts");
        }
    }

    /** Valid from {@code start} for {@code length}. */
    public static Validity starting(Instant start, Duration length) {
        return new Validity(start, start.plus(length));
    }

    /** Valid from an hour ago ({@link #BACKDATE}) until {@code days} days from now. */
    public static Validity days(Clock clock, int days) {
        if (days <= 0) {
            throw new IllegalArgumentException("a validity needs a positive number of days");
        }
        Instant now = clock.instant();
        return new Validity(now.minus(BACKDATE), now.plus(Duration.ofDays(days)));
    }

    /** True when {@code instant} lies within the window. */
    public boolean contains(Instant instant) {
        return !instant.isBefore(notBefore) && !instant.isAfter(notAfter);
    }
}
