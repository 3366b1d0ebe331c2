package io.dmon.cli.client;

import io.dmon.cli.CliException;
import io.dmon.wire.CompactDuration;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations on the command line: a whole number with a unit. {@code --timeout} takes {@code ms},
 * {@code s} (the default) or {@code m}; {@code pause --for} also hours and days, since a pause
 * may well last a night.
 */
public final class Durations {
    private static final Pattern TIMEOUT = Pattern.compile("(\\d{1,9})(ms|s|m)?");
    private static final Pattern LEASE = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)?");

    private Durations() {
    }

    /**
     * A {@code --timeout}: {@code 10}, {@code 10s}, {@code 500ms} or {@code 2m}.
     *
     * @throws CliException (usage) for anything else, or zero
     */
    public static Duration parse(String text) {
        return parse("--timeout", text, TIMEOUT, "10s, 500ms, 2m");
    }

    /**
     * A pause's lease ({@code --for}): {@code 90}, {@code 90s}, {@code 10m}, {@code 2h}, {@code 1d}
     * or {@code 500ms}.
     *
     * @throws CliException (usage) for anything else, zero, or a negative value
     */
    public static Duration lease(String option, String text) {
        return parse(option, text, LEASE, "90s, 10m, 2h, 1d");
    }

    private static Duration parse(String option, String text, Pattern form, String examples) {
        String trimmed = text.trim();
        if (trimmed.startsWith("-") && form.matcher(trimmed.substring(1)).matches()) {
            throw CliException.usage(option + " must be more than zero (got " + trimmed + ")");
        }
        Matcher m = form.matcher(trimmed);
        if (!m.matches()) {
            throw CliException.usage(option + ": '" + text + "' is not a duration (" + examples + ")");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        Duration d = switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofSeconds(n);
        };
        if (d.isZero()) {
            throw CliException.usage(option + " must be more than zero");
        }
        return d;
    }

    /** How messages show a duration: {@code 10s}, {@code 500ms}. */
    public static String text(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    /**
     * A duration in the largest units that say it exactly, as an operator would have typed it:
     * {@code 10m}, {@code 1h30m}, {@code 2d}, {@code 90s} stays {@code 1m30s}, {@code 1500ms}.
     */
    public static String compact(Duration d) {
        return CompactDuration.of(d.toMillis());
    }
}
