package io.dmon.cli.command;

import io.dmon.cli.CliException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code dmonctl tls ca}: the fleet's certificate authority. */
@Command(name = "ca", mixinStandardHelpOptions = true,
        synopsisSubcommandLabel = "create",
        description = "The fleet's certificate authority (create).",
        subcommands = TlsCaCreateCommand.class)
public final class TlsCaCommand implements Callable<Integer> {

    @ParentCommand
    private TlsCommand tls;

    TlsCommand tls() {
        return tls;
    }

    @Override
    public Integer call() {
        throw CliException.usage("tls ca needs a subcommand: create (see 'dmonctl tls ca --help')");
    }
}
