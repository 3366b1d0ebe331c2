package io.dmon.cli.command;

import io.dmon.cli.CliException;
import io.dmon.cli.client.Durations;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** A {@code --since}: a duration back from now ({@code 10m}) or an ISO-8601 instant. */
final class Since {
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
                return Math.max(1, Instant.parse(text).toEpochMilli());
            } catch (DateTimeParseException e) {
                throw CliException.usage(option + ": '" + text + "' is not a time (2026-12-04T12:00:00Z) "
                        + "nor a duration (90s, 10m, 2h, 1d)");
            }
        }
        try {
            return Math.max(1, clock.millis() - Durations.lease(option, text).toMillis());
        } catch (CliException e) {
            throw CliException.usage(option + ": '" + text + "' is not a duration (90s, 10m, 2h, 1d) "
                    + "nor a time (2026-12-04T12:00:00Z)");
        }
    }
}
