package io.dmon.agent.output;

/**
 * What dslog was asked to do.
 *
 * @param name the tag the lines are logged under
 * @param facility {@code -f}: syslog facility code (see {@link SyslogNames})
 * @param priority {@code -p}: syslog priority code
 * @param console {@code -c}: write to the console when the logger cannot be reached
 * @param skipEmpty {@code -e}: drop empty lines
 */
public record DslogOptions(String name, int facility, int priority, boolean console, boolean skipEmpty) {
    /** Options with DMon's defaults (daemon.warning, no console, empty lines kept) for {@code name}. */
    public static DslogOptions defaults(String name) {
        return new DslogOptions(name, SyslogNames.DEFAULT_FACILITY, SyslogNames.DEFAULT_PRIORITY, false, false);
    }
}
