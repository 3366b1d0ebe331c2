package io.dmon.agent.output;

import io.dmon.spec.SpecException;
import java.util.Locale;
import java.util.Map;

/**
 * The facility and priority names dslog takes: syslog(3)'s, without {@code LOG_}, in any case,
 * with DMon's aliases. Values are syslog(3)'s codes; the facility is not yet multiplied by 8.
 */
public final class SyslogNames {
    /** DMon's default facility ({@code daemon}). */
    public static final int DEFAULT_FACILITY = 3;
    /** DMon's default priority ({@code warning}). */
    public static final int DEFAULT_PRIORITY = 4;

    // DMon's table, name for name (no "authpriv", no "syslog": DMon refuses them). DMon maps "auth"
    // to LOG_AUTHPRIV where it exists, as on Linux.
    private static final Map<String, Integer> FACILITIES = Map.ofEntries(
            Map.entry("kern", 0), Map.entry("kernel", 0), Map.entry("user", 1), Map.entry("mail", 2),
            Map.entry("daemon", 3), Map.entry("auth", 10),
            Map.entry("lpr", 6), Map.entry("print", 6), Map.entry("printer", 6), Map.entry("news", 7),
            Map.entry("uucp", 8), Map.entry("cron", 9), Map.entry("ftp", 11),
            Map.entry("local0", 16), Map.entry("local1", 17), Map.entry("local2", 18), Map.entry("local3", 19),
            Map.entry("local4", 20), Map.entry("local5", 21), Map.entry("local6", 22), Map.entry("local7", 23));

    private static final Map<String, Integer> PRIORITIES = Map.ofEntries(
            Map.entry("emerg", 0), Map.entry("emergency", 0), Map.entry("alert", 1), Map.entry("crit", 2),
            Map.entry("critical", 2), Map.entry("err", 3), Map.entry("error", 3), Map.entry("warn", 4),
            Map.entry("warning", 4), Map.entry("notice", 5), Map.entry("info", 6), Map.entry("debug", 7));

    private SyslogNames() {
    }

    /** The facility code for {@code name} ({@code daemon} → 3). */
    public static int facility(String option, String name) throws SpecException {
        return lookup(FACILITIES, option, name, "facility");
    }

    /** The priority code for {@code name} ({@code warning} → 4). */
    public static int priority(String option, String name) throws SpecException {
        return lookup(PRIORITIES, option, name, "priority");
    }

    private static int lookup(Map<String, Integer> table, String option, String name, String what)
            throws SpecException {
        Integer code = name == null ? null : table.get(name.toLowerCase(Locale.ROOT));
        if (code == null) {
            throw new SpecException("option " + option + ": unknown " + what + " '" + name + "'");
        }
        return code;
    }
}
