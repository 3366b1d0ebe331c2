package io.dmon.spec;

/** The help texts of {@code dmon}: {@code --help} and {@code -r help}. */
public final class DmonUsage {
    private static final int OPTION_COLUMN = 34;

    private DmonUsage() {
    }

    /** The {@code -h}/{@code --help} text, ending with a line break. */
    public static String usage() {
        StringBuilder out = new StringBuilder();
        out.append("Usage: dmon [options] cmd [cmd-options] [-- log-cmd [log-cmd-options]]\n")
                .append('\n')
                .append("Runs cmd and respawns it whenever it exits. With a log command, cmd's standard\n")
                .append("output (and standard error with -e) is piped into log-cmd, which is respawned\n")
                .append("on its own when it exits. Without -n, dmon detaches and returns at once.\n")
                .append('\n')
                .append("Options:\n");
        for (DmonOption option : DmonOption.values()) {
            String names = "  -" + option.letter() + ", --" + option.longName()
                    + (option.takesValue() ? " " + option.valueName() : "");
            out.append(names);
            out.append(" ".repeat(Math.max(1, OPTION_COLUMN - names.length())));
            out.append(option.summary()).append('\n');
        }
        return out.append('\n')
                .append("Option values are separate words (-L 4.0, --load-high 4.0); flags are not\n")
                .append("bundled (-n -e, not -ne); --no-FLAG turns a flag off again (--no-once).\n")
                .append("Options end at cmd: later words belong to cmd, up to a '--' that starts\n")
                .append("log-cmd.\n")
                .append('\n')
                .append("TIME is a whole number of seconds, or takes a suffix: s, m (minutes), h, d, w,\n")
                .append("M (30 days), y (365 days).\n")
                .append("-t times each run from its own start and does not count time spent paused by\n")
                .append("-L; DMon's clock does neither. Respawns after a timeout count against -m (in\n")
                .append("DMon they do not, so there -m cannot end a timeout loop). -L pauses cmd's whole\n")
                .append("process group, not only its first process.\n")
                .append('\n')
                .append("-P RES[:some|full][:avg10|avg60|avg300]=HIGH[/LOW] (not in DMon) watches the host's\n")
                .append("pressure stall information, /proc/pressure/RES (or $DMON_PRESSURE_DIR/RES): the share\n")
                .append("of time, in percent, that tasks waited for cpu, io or memory. The defaults are the\n")
                .append("'some' line and its 10-second average, and LOW is half of HIGH: -P io=40 is\n")
                .append("io:some:avg10=40/20. Over HIGH cmd is paused as with -L, at LOW or below it resumes;\n")
                .append("a run due meanwhile waits. Repeatable, one mark per metric. On a kernel without\n")
                .append("pressure stall information dmon says so in one line and exits with status 2.\n")
                .append('\n')
                .append("Options are read from the -C file first (DMon's format: long option names\n")
                .append("without dashes, each followed by its value, # comments; -C must be the first\n")
                .append("word), then from the environment variable DMON_OPTIONS (shell-like words,\n")
                .append("options only), then from the command line. A later option overrides an\n")
                .append("earlier one; -E and -r add up. -r help lists the limits and goes on.\n")
                .append('\n')
                .append("A bad option or value prints one line and exits with status 1.\n")
                .toString();
    }

    /** Every option dmon's parser knows, each as {@code -x} and {@code --long} (what its man page must name). */
    public static java.util.List<String> optionSpellings() {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (DmonOption option : DmonOption.TABLE) {
            out.add("-" + option.letter());
            out.add("--" + option.longName());
        }
        return out;
    }

    /** The {@code -r help} text: one {@code name -- description} line per limit, as DMon prints it. */
    public static String limitsHelp() {
        StringBuilder out = new StringBuilder();
        for (LimitKind kind : LimitKind.values()) {
            out.append(kind.dmonName()).append(" -- ").append(kind.description()).append('\n');
        }
        // Ours, after DMon's: limits on the job's whole cgroup.
        for (CgroupLimit.Kind kind : CgroupLimit.Kind.values()) {
            out.append(kind.optionName()).append(" -- ").append(kind.description()).append('\n');
        }
        return out.toString();
    }
}
