package io.dmon.agent.output;

import io.dmon.spec.SpecException;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** dslog's command line, option for option as DMon's: {@code dslog [options] NAME}. */
public final class DslogArgs {
    @Option(names = {"-f", "--facility"}, paramLabel = "FACILITY",
            description = "Log facility, a syslog(3) name without LOG_, any case (default: daemon).")
    String facility;

    @Option(names = {"-p", "--priority"}, paramLabel = "PRIORITY",
            description = "Log priority, a syslog(3) name without LOG_, any case (default: warning).")
    String priority;

    @Option(names = {"-i", "--input-fd"}, paramLabel = "FD",
            description = "File descriptor to read input from (default: 0, standard input).")
    String inputFd;

    @Option(names = {"-c", "--console"}, description = "Log to the console if sending messages to the logger fails.")
    boolean console;

    @Option(names = {"-e", "--skip-empty"}, description = "Ignore empty lines (a line of blanks is not empty).")
    boolean skipEmpty;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Parameters(arity = "0..1", paramLabel = "NAME", description = "Name (tag) to log the lines under.")
    String name;

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
