package io.dmon.cli.command;

import io.dmon.cli.CliContext;

/**
 * Who a request comes from, as coordinators record it ({@code Pause.by}, gate events):
 * {@code USER@HOST}. Nothing is proven by it; it tells operators who to ask.
 */
final class Requester {
    private Requester() {
    }

    static String of(CliContext context) {
        // The account name last: daemons, cron and containers often run without USER or LOGNAME.
        String user = firstSet(context.env("USER"), context.env("LOGNAME"), context.accountName());
        return (user == null ? "unknown" : user) + "@" + context.hostName();
    }

    private static String firstSet(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        return null;
    }
}
