package io.dmon.cli;

import io.dmon.cli.client.OperatorChannelFactory;
import io.dmon.cli.client.ClientEventLoop;
import io.dmon.cli.client.CoordinatorAddresses;
import io.dmon.cli.client.Durations;
import io.dmon.cli.client.OperatorClient;
import io.dmon.cli.command.ClusterCommand;
import io.dmon.cli.command.CompleteCommand;
import io.dmon.cli.command.EventsCommand;
import io.dmon.cli.command.GateCommand;
import io.dmon.cli.command.HostsCommand;
import io.dmon.cli.command.LogsCommand;
import io.dmon.cli.command.PauseCommand;
import io.dmon.cli.command.PsCommand;
import io.dmon.cli.command.RestartCommand;
import io.dmon.cli.command.ResumeCommand;
import io.dmon.cli.command.RmCommand;
import io.dmon.cli.command.RunCommand;
import io.dmon.cli.command.SignalCommand;
import io.dmon.cli.command.StatusCommand;
import io.dmon.cli.command.StopCommand;
import io.dmon.cli.command.TlsCommand;
import io.dmon.trust.TlsDirChoice;
import io.dmon.trust.TlsMaterialException;
import io.dmon.trust.tls.MutualTls;
import io.dmon.trust.tls.TlsMaterial;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dmonctl}, the operator's command line: starts jobs on hosts of the fleet and watches
 * them, talking to any coordinator over gRPC. Run it with {@link #execute}, which returns the
 * exit status instead of exiting, so that tests drive it whole.
 */
@Command(name = "dmonctl",
        mixinStandardHelpOptions = true,
        versionProvider = DmonCtl.Version.class,
        usageHelpAutoWidth = true,
        synopsisSubcommandLabel = "COMMAND",
        description = {
            "Runs, watches and pauses dmon jobs on the hosts of a fleet, through any coordinator.",
            "Global options go before COMMAND."},
        subcommands = {
            RunCommand.class, PsCommand.class, StatusCommand.class, HostsCommand.class, LogsCommand.class,
            StopCommand.class, RestartCommand.class, SignalCommand.class, PauseCommand.class, ResumeCommand.class,
            RmCommand.class, GateCommand.class, EventsCommand.class, ClusterCommand.class, TlsCommand.class,
            CommandLine.HelpCommand.class, CompleteCommand.class})
public final class DmonCtl implements Callable<Integer> {

    @Option(names = "--coordinator", paramLabel = "HOST:PORT[,HOST:PORT...]",
            description = {"Coordinators to ask, tried in this order: the next one is tried when one "
                    + "is unavailable or does not connect in time.",
                "Default: $" + CoordinatorAddresses.ENV + ", else " + CoordinatorAddresses.DEFAULT + "."})
    private String coordinator;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s",
            description = "Deadline of every call, connecting and failing over included "
                    + "(10s, 500ms, 2m; default: ${DEFAULT-VALUE}).")
    private String timeout;

    @Option(names = "--tls-dir", paramLabel = "DIR",
            description = {"Mutual TLS with DIR/ca.pem, DIR/cert.pem and DIR/key.pem (made by 'dmonctl tls cert "
                    + "create'); the coordinator must present a coordinator's certificate for the address dialled.",
                "Default: $" + TlsDirChoice.ENV + ", else $XDG_CONFIG_HOME/dmon/tls or ~/.config/dmon/tls when it "
                    + "exists, else plaintext (a coordinator on loopback)."})
    private String tlsDir;

    private final CliContext context;
    private OperatorClient client;

    private DmonCtl(CliContext context) {
        this.context = context;
    }

    /** The program: runs the command line and exits with its status. */
    public static void main(String[] args) {
        CliContext context = CliContext.system();
        int status = execute(context, args);
        context.out().flush();
        context.err().flush();
        ClientEventLoop.shutdown();
        System.exit(status);
    }

    /**
     * Runs one dmonctl command line.
     *
     * @return the exit status (see {@link ExitCode}); nothing is thrown, every failure has been
     *         reported on the context's standard error as one line
     */
    public static int execute(CliContext context, String... args) {
        DmonCtl dmonctl = new DmonCtl(context);
        try {
            return commandLine(dmonctl).execute(args);
        } finally {
            dmonctl.closeClient();
            context.out().flush();
            context.err().flush();
        }
    }

    /**
     * dmonctl's command line as {@link #execute} parses it, for what is generated from it (the man
     * pages and shell completion), so that they say what {@code --help} says.
     */
    public static CommandLine model() {
        return commandLine(new DmonCtl(CliContext.system()));
    }

    private static CommandLine commandLine(DmonCtl dmonctl) {
        CliContext context = dmonctl.context;
        CommandLine line = new CommandLine(dmonctl);
        line.getCommandSpec().usageMessage().footer(footer());
        // Words of a wrapped command are never ours to expand: "@file" stays "@file".
        line.setExpandAtFiles(false);
        RunCommand.configure(line.getSubcommands().get("run"));
        line.setOut(new PrintWriter(new OutputStreamWriter(context.out(), StandardCharsets.UTF_8), true));
        line.setErr(new PrintWriter(new OutputStreamWriter(context.err(), StandardCharsets.UTF_8), true));
        line.setParameterExceptionHandler((e, args) -> {
            CommandLine.Model.CommandSpec failed = e.getCommandLine().getCommandSpec();
            String message = e.getMessage();
            if (e instanceof CommandLine.UnmatchedArgumentException unmatched && failed.parent() == null
                    && !unmatched.getUnmatched().isEmpty() && !unmatched.getUnmatched().get(0).startsWith("-")) {
                message = "unknown command '" + unmatched.getUnmatched().get(0) + "'";
            }
            context.err().println("dmonctl: " + new CliException(ExitCode.USAGE, ourWords(message)).getMessage()
                    + " (see '" + failed.qualifiedName() + " --help')");
            return ExitCode.USAGE;
        });
        line.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            if (e instanceof CliException failure) {
                if (!failure.quiet()) {
                    context.err().println("dmonctl: " + failure.getMessage());
                }
                return failure.exitCode();
            }
            context.err().println("dmonctl: internal error: " + new CliException(1, String.valueOf(e)).getMessage());
            return ExitCode.FAILURE;
        });
        return line;
    }

    /**
     * picocli's messages in the words of every other dmonctl error: lower case first, no colon
     * after what went wrong ({@code Unknown option: '-x'} is {@code unknown option '-x'}).
     */
    static String ourWords(String message) {
        if (message == null || message.isEmpty()) {
            return "bad command line";
        }
        String lowered = Character.toLowerCase(message.charAt(0)) + message.substring(1);
        return lowered.replaceFirst("^(unknown options?|missing required [a-z ]+?|unmatched arguments?[a-z ]*?): ", "$1 ");
    }

    private static String[] footer() {
        List<String> lines = new ArrayList<>();
        lines.add("");
        lines.add("Environment:");
        lines.add("  " + CoordinatorAddresses.ENV + "  coordinators, when --coordinator is not given");
        lines.add("  " + TlsDirChoice.ENV + "      TLS directory, when --tls-dir is not given");
        lines.add("  NO_COLOR          no colours even on a terminal");
        lines.add("");
        lines.add("Exit status:");
        lines.addAll(List.of(ExitCode.helpLines()));
        lines.add("Errors are one line on standard error: 'dmonctl: <what went wrong>'.");
        return lines.toArray(new String[0]);
    }

    /** No command given: the usage, on standard error, and a usage error. */
    @Override
    public Integer call() {
        context.err().println("dmonctl: a COMMAND is needed (see 'dmonctl --help')");
        return ExitCode.USAGE;
    }

    /** What the commands take from the world. */
    public CliContext context() {
        return context;
    }

    /** The client to the coordinators, made on first use from the global options. */
    public synchronized OperatorClient client() {
        if (client == null) {
            client = new OperatorClient(
                    CoordinatorAddresses.resolve(coordinator, context.env(CoordinatorAddresses.ENV)),
                    channels(), Durations.parse(timeout));
        }
        return client;
    }

    /**
     * The client, made now unless one was made already, for a question that must be answered
     * quickly or not at all: {@code connect} to connect (a cold start of the channel here
     * included), then {@code answer} for the coordinator to answer.
     */
    public synchronized OperatorClient client(java.time.Duration connect, java.time.Duration answer) {
        if (client == null) {
            client = new OperatorClient(
                    CoordinatorAddresses.resolve(coordinator, context.env(CoordinatorAddresses.ENV)),
                    channels(), answer, connect);
        }
        return client;
    }

    /** Mutual-TLS channels when a TLS directory is given or found, else the context's (plaintext) channels. */
    private OperatorChannelFactory channels() {
        Map<String, String> env = new HashMap<>();
        for (String name : List.of(TlsDirChoice.ENV, "XDG_CONFIG_HOME", "HOME")) {
            String value = context.env(name);
            if (value != null) {
                env.put(name, value);
            }
        }
        Optional<TlsDirChoice> tls = TlsDirChoice.withUserDefault(tlsDir, env);
        if (tls.isEmpty()) {
            return context.channels();
        }
        try {
            return OperatorChannelFactory.withCredentials(
                    MutualTls.shortLivedChannelCredentials(TlsMaterial.follow(tls.get().dir())));
        } catch (TlsMaterialException e) {
            throw CliException.usage(tls.get().describe() + e.getMessage());
        }
    }

    private synchronized void closeClient() {
        if (client != null) {
            client.close();
            client = null;
        }
    }

    /** {@code --version}: the jar's implementation version, when it was built into a jar. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = DmonCtl.class.getPackage().getImplementationVersion();
            return new String[] {"dmonctl " + (version == null ? "(development build)" : version)};
        }
    }
}
