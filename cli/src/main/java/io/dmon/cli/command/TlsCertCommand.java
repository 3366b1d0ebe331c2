package io.dmon.cli.command;

import io.dmon.cli.CliException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code dmonctl tls cert}: certificates signed by the fleet's CA. */
@Command(name = "cert", mixinStandardHelpOptions = true,
        synopsisSubcommandLabel = "create",
        description = "Certificates signed by the fleet's CA (create).",
        subcommands = TlsCertCreateCommand.class)
public final class TlsCertCommand implements Callable<Integer> {

    @ParentCommand
    private TlsCommand tls;

    TlsCommand tls() {
        return tls;
    }

    @Override
    public Integer call() {
        throw CliException.usage("tls cert needs a subcommand: create (see 'dmonctl tls cert --help')");
    }
}
