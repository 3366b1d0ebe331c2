package io.dmon.cli.client;

import io.dmon.cli.CliException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code --timeout} values: a whole number with {@code ms}, {@code s} (the default) or {@code m}. */
public final class Durations {
    private static final Pattern FORM = Pattern.compile("(\\d{1,9})(ms|s|m)?");

    private Durations() {
    }

    /**
     * Parses {@code 10}, {@code 10s}, {@code 500ms} or {@code 2m}.
     *
     * @throws CliException (usage) for anything else, or zero
     */
    public static Duration parse(String text) {
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) {
            throw CliException.usage("--timeout: '" + text + "' is not a duration (10s, 500ms, 2m)");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        Duration d = switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofSeconds(n);
        };
        if (d.isZero()) {
            throw CliException.usage("--timeout must be more than zero");
        }
        return d;
    }

    /** How messages show a duration: {@code 10s}, {@code 500ms}. */
    public static String text(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
