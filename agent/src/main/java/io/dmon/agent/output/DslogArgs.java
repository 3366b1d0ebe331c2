package io.dmon.agent.output;

import io.dmon.spec.OptionScanner;
import io.dmon.spec.SpecException;
import java.util.List;
import java.util.Optional;

/**
 * dslog's command line, option for option as DMon's: {@code dslog [options] NAME}, read by
 * {@link OptionScanner}. Values are checked by {@link #toOptions} and {@link #inputFd}.
 */
public final class DslogArgs {
    static final List<ToolOption> OPTIONS = List.of(
            new ToolOption('f', "facility", true),
            new ToolOption('p', "priority", true),
            new ToolOption('i', "input-fd", true),
            new ToolOption('c', "console", false),
            new ToolOption('e', "skip-empty", false),
            ToolOption.HELP);

    /** Every option the parser knows, each as {@code -x} and {@code --long} (what the man page must name). */
    public static List<String> optionSpellings() {
        return ToolArgs.spellings(OPTIONS);
    }

    /** {@code --help}. */
    public static final String USAGE = """
            Usage: dslog [options] NAME
            Sends each line of standard input to the system logger as NAME, one datagram
            per line, as syslog(3) would: to /dev/log, or to the socket $DSLOG_SOCKET names.
            A last line without a newline is sent too.
            Command line options:

            -f, --facility FACILITY
               Log facility, any case (default: daemon), as in DMon: auth (LOG_AUTHPRIV),
               cron, daemon, ftp, kern or kernel, local0 to local7, lpr, print or
               printer, mail, news, user, uucp.

            -p, --priority PRIORITY
               Log priority: a syslog(3) name without LOG_, any case (default: warning).

            -i, --input-fd FD
               Read from file descriptor FD instead of 0 (standard input).

            -c, --console
               Write a line to /dev/console when the logger cannot be reached (it is
               dropped otherwise).

            -e, --skip-empty
               Drop empty lines (a line of spaces is not empty).

            -h, --help
               Print this help and exit.

            Option values are the next word (-p info, not -pinfo or --priority=info); flags
            are not bundled (-c -e, not -ce); --no-FLAG turns a flag off (--no-console).
            Options end at NAME or at '--'; words after NAME are ignored. The words of
            $DSLOG_OPTIONS (shell-like) come before the command line's; a later option
            overrides an earlier one.

            INT, TERM and the end of input send what was read and exit 0. Bad options or
            no NAME: one line, exit status 1.
            """;

    private String facility;
    private String priority;
    private String inputFd;
    private boolean console;
    private boolean skipEmpty;
    private String name;

    private DslogArgs() {
    }

    /**
     * Reads dslog's words (those of {@code $DSLOG_OPTIONS} first, see {@link ToolArgs#withEnvironment}).
     *
     * @return the arguments, or empty when {@code -h}/{@code --help} was read (the words after it
     *     are not)
     * @throws SpecException an unknown option, a missing value: one line (words after NAME are ignored, as in DMon)
     */
    public static Optional<DslogArgs> parse(List<String> words) throws SpecException {
        DslogArgs args = new DslogArgs();
        return ToolArgs.read(OPTIONS, words, args::take, operand -> args.name = operand)
                ? Optional.of(args) : Optional.empty();
    }

    private void take(OptionScanner.Use<ToolOption> use) {
        switch (use.option().letter()) {
            case 'f' -> facility = use.value();
            case 'p' -> priority = use.value();
            case 'i' -> inputFd = use.value();
            case 'c' -> console = !use.negated();
            case 'e' -> skipEmpty = !use.negated();
            default -> throw new IllegalStateException("no case for " + use.option());
        }
    }

    /** The options, names of facility and priority checked. */
    public DslogOptions toOptions() throws SpecException {
        if (name == null) {
            throw new SpecException("process name not specified");
        }
        int fac = facility == null ? SyslogNames.DEFAULT_FACILITY : SyslogNames.facility("-f", facility);
        int pri = priority == null ? SyslogNames.DEFAULT_PRIORITY : SyslogNames.priority("-p", priority);
        return new DslogOptions(name, fac, pri, console, skipEmpty);
    }

    /** The descriptor to read from ({@code -i}). */
    public int inputFd() throws SpecException {
        return inputFd == null ? 0 : ToolArgs.descriptor("-i", inputFd);
    }
}
