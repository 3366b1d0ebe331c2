package io.dmon.spec;

import java.util.List;

/**
 * dmon's options: short letter, long name, what value each takes, and the one-line meaning the
 * help text shows. The single table both the parser and {@link DmonUsage} read, in the order the
 * help lists them.
 */
enum DmonOption implements OptionScanner.Option {
    CONFIG('C', "config", "PATH", "Read more options from PATH; only as the first option"),
    WRITE_INFO('I', "write-info", "PATH", "Append status lines (cmd start <pid>, ...) to PATH"),
    PID_FILE('p', "pid-file", "PATH", "Write dmon's PID to PATH, after daemonizing"),
    WORK_DIR('W', "work-dir", "PATH", "Change to PATH first; later relative paths start there"),
    INTERVAL('i', "interval", "TIME", "After a successful exit wait TIME before respawning"),
    TIMEOUT('t', "timeout", "TIME", "Stop a run lasting over TIME (TERM, CONT), respawn it"),
    LOAD_HIGH('L', "load-high", "NUM", "Pause cmd (STOP) while the 1-minute load is over NUM"),
    LOAD_LOW('l', "load-low", "NUM", "Resume cmd (CONT) at a load <= NUM (default: half of -L)"),
    PRESSURE('P', "pressure", "RES=HIGH[/LOW]", "Pause cmd while the host's pressure (PSI) is over HIGH"),
    CGROUPS('G', "cgroups", "MODE", "Hold cmd's processes in a cgroup: auto, v2, v1 or off"),
    ENVIRON('E', "environ", "VAR[=VAL]", "Set VAR to VAL, or unset VAR without '='; repeatable"),
    CMD_USER('u', "cmd-user", "USER[:GROUP...]", "Run cmd as USER (name or number), adding GROUPs"),
    LOG_USER('U', "log-user", "USER[:GROUP...]", "Run log-cmd as USER, adding GROUPs"),
    NO_DAEMON('n', "no-daemon", null, "Stay in the foreground, keep stdin, stdout, stderr"),
    ONCE('1', "once", null, "Exit when cmd exits with status 0; respawn it otherwise"),
    MAX_RESPAWNS('m', "max-respawns", "N", "Respawn at most N times, then exit (-1: no limit)"),
    STDERR_REDIR('e', "stderr-redir", null, "Send cmd's standard error to log-cmd as well"),
    CMD_SIGS('s', "cmd-sigs", null, "Forward CONT, ALRM, QUIT, USR1, USR2, HUP to cmd"),
    LOG_SIGS('S', "log-sigs", null, "Forward the same signals to log-cmd"),
    LIMIT('r', "limit", "NAME=VALUE", "Resource limit for cmd; repeatable; '-r help' lists them"),
    HELP('h', "help", null, "Show this help and exit");

    /** Every option, for the {@link OptionScanner}. */
    static final List<DmonOption> TABLE = List.of(values());

    private final char letter;
    private final String longName;
    private final String valueName;
    private final String summary;

    DmonOption(char letter, String longName, String valueName, String summary) {
        this.letter = letter;
        this.longName = longName;
        this.valueName = valueName;
        this.summary = summary;
    }

    @Override
    public char letter() {
        return letter;
    }

    @Override
    public String longName() {
        return longName;
    }

    /** The value placeholder for the help ({@code PATH}, {@code TIME}), or null for a flag. */
    String valueName() {
        return valueName;
    }

    String summary() {
        return summary;
    }

    @Override
    public boolean takesValue() {
        return valueName != null;
    }

    /** A flag that {@code --no-NAME} can turn off again (cflag negates its bool options). */
    @Override
    public boolean negatable() {
        return !takesValue() && this != HELP;
    }

    /** {@code -X}: how messages name the option. */
    String shortSpelling() {
        return "-" + letter;
    }
}
