package io.dmon.cli.command;

import io.dmon.cli.CliException;
import io.dmon.cli.client.Durations;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;

/**
 * A {@code --since}: a duration back from now ({@code 10m}) or a time: ISO-8601 date and time,
 * minutes or seconds (fractions too), with a zone offset or {@code Z} ({@code 2026-12-04T10:00Z},
 * {@code 2026-12-04T10:00:30+01:00}) or without one, then in the operator's time zone (the
 * clock's: this machine's).
 */
final class Since {
    private static final String FORMS = "a duration (90s, 10m, 2h, 1d) or a time (2026-12-04T10:00, "
            + "2026-12-04T10:00:30Z, 2026-12-04T10:00+01:00)";

    private Since() {
    }

    /**
     * The time meant, in ms since the epoch.
     *
     * @throws CliException (usage) naming the option for anything else
     */
    static long parse(String option, String text, Clock clock) {
        if (!text.isEmpty() && Character.isDigit(text.charAt(0)) && text.contains("T")) {
            try {
                TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parseBest(text, ZonedDateTime::from,
                        LocalDateTime::from);
                ZonedDateTime time = parsed instanceof LocalDateTime local ? local.atZone(clock.getZone())
                        : (ZonedDateTime) parsed;
                return Math.max(1, time.toInstant().toEpochMilli());
            } catch (DateTimeParseException | ArithmeticException e) {
                throw CliException.usage(option + ": '" + text + "' is not " + FORMS);
            }
        }
        try {
            return Math.max(1, clock.millis() - Durations.lease(option, text).toMillis());
        } catch (CliException e) {
            throw CliException.usage(option + ": '" + text + "' is not " + FORMS);
        }
    }

    /**
     * {@link #parse}, for a reader of what was written: a time still to come is refused, since
     * nothing can have been written then yet.
     */
    static long parsePast(String option, String text, Clock clock) {
        long since = parse(option, text, clock);
        if (since > clock.millis()) {
            throw CliException.usage(option + ": '" + text + "' is in the future");
        }
        return since;
    }
}
