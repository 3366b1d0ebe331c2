package io.dmon.cli.command;

import picocli.CommandLine.Command;

/** {@code dmonctl tls cert}: certificates signed by the fleet's CA. */
@Command(name = "cert", mixinStandardHelpOptions = true,
        synopsisSubcommandLabel = "create",
        description = "Certificates signed by the fleet's CA (create).",
        subcommands = TlsCertCreateCommand.class)
public final class TlsCertCommand extends CommandGroup {
}
