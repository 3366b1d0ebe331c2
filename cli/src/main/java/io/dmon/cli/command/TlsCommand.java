package io.dmon.cli.command;

import picocli.CommandLine.Command;

/** {@code dmonctl tls}: the fleet's certificate authority and certificates (no coordinator is asked). */
@Command(name = "tls", mixinStandardHelpOptions = true,
        synopsisSubcommandLabel = "(ca | cert)",
        description = {
            "Makes the fleet's certificates: a CA, then one certificate per coordinator, agent "
                    + "and operator. Works on local files only; no coordinator is asked.",
            "Each certificate names its holder as a principal, dmon://ROLE/NAME: the role "
                    + "(agent, coordinator, viewer, operator, admin) decides what it may do. A "
                    + "directory made by 'tls cert create' (ca.pem, cert.pem, key.pem) is what "
                    + "--tls-dir takes. Keys are ECDSA P-256 in PKCS#8 PEM, mode 0600."},
        subcommands = {TlsCaCommand.class, TlsCertCommand.class})
public final class TlsCommand extends CommandGroup {
}
