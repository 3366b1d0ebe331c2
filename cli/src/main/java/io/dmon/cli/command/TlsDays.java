package io.dmon.cli.command;

import io.dmon.cli.CliException;

/** The {@code --days N} of the tls commands: a whole number of days within a bound. */
final class TlsDays {
    private TlsDays() {
    }

    /** {@code text} as days, 1 to {@code max}; a usage error otherwise. */
    static int parse(String text, int max) {
        int days;
        try {
            days = Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw CliException.usage("--days: not a whole number of days: '"
                    + (text.length() > 20 ? text.substring(0, 20) + "..." : text) + "'");
        }
        if (days < 1 || days > max) {
            throw CliException.usage("--days: " + days + " is out of range (1 to " + max + ")");
        }
        return days;
    }
}
