package io.dmon.cli.command;

import picocli.CommandLine.Command;

/** {@code dmonctl tls ca}: the fleet's certificate authority. */
@Command(name = "ca", mixinStandardHelpOptions = true,
        synopsisSubcommandLabel = "create",
        description = "The fleet's certificate authority (create).",
        subcommands = TlsCaCreateCommand.class)
public final class TlsCaCommand extends CommandGroup {
}
