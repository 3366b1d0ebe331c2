package io.dmon.cli.command;

import io.dmon.cli.CliContext;
import io.dmon.cli.CliException;
import io.dmon.cli.ExitCode;
import io.dmon.trust.CertificateAuthority;
import io.dmon.trust.Principal;
import io.dmon.trust.Role;
import io.dmon.trust.TlsDir;
import io.dmon.trust.TlsMaterialException;
import io.dmon.trust.Validity;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code dmonctl tls cert create}: a certificate for one principal, signed by the fleet's CA. */
@Command(name = "create", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Makes a certificate for the principal dmon://ROLE/NAME, signed by the CA in "
                    + "--ca, and writes DIR2/ca.pem, DIR2/cert.pem and DIR2/key.pem (mode 0600): "
                    + "the directory --tls-dir takes as it is. DIR2 is made mode 0700 when missing.",
            "NAME is a host name for agents (the host the agent may speak for) and coordinators, "
                    + "a person or robot for the rest. A coordinator's certificate needs the "
                    + "addresses clients dial it by (--ip, --dns): clients verify them.",
            "An existing DIR2/key.pem is never replaced without --force (exit 5)."})
public final class TlsCertCreateCommand implements Callable<Integer> {

    @ParentCommand
    private TlsCertCommand cert;

    @Option(names = "--ca", required = true, paramLabel = "DIR", description = "The CA's directory (ca.pem, ca-key.pem).")
    private Path ca;

    @Option(names = "--role", required = true, paramLabel = "ROLE",
            description = "agent, coordinator, viewer, operator or admin.")
    private String role;

    @Option(names = "--out", required = true, paramLabel = "DIR2", description = "Where to write ca.pem, cert.pem and key.pem.")
    private Path out;

    @Option(names = "--ip", paramLabel = "ADDR", description = "An IP address the holder is reached at (repeatable).")
    private List<String> ips = new ArrayList<>();

    @Option(names = "--dns", paramLabel = "NAME", description = "A DNS name the holder is reached by (repeatable).")
    private List<String> dnsNames = new ArrayList<>();

    @Option(names = "--days", paramLabel = "N", defaultValue = "365",
            description = "Days the certificate is valid, 1 to " + CertificateAuthority.MAX_DAYS + " (default: ${DEFAULT-VALUE}).")
    private String days;

    @Option(names = "--force", description = "Replace an existing key in DIR2 (rotation: nodes pick up the new files "
            + "at their next handshake).")
    private boolean force;

    @Parameters(paramLabel = "NAME", description = "Who the certificate is for: mail1, c1, alice.")
    private String name;

    @Override
    public Integer call() {
        CliContext context = cert.dmonctl().context();
        Role parsedRole = Role.ofWord(role).orElseThrow(() -> CliException.usage(
                "--role: '" + shorten(role) + "' is not a role (agent, coordinator, viewer, operator, admin)"));
        Principal principal;
        try {
            principal = new Principal(parsedRole, name);
        } catch (IllegalArgumentException e) {
            throw CliException.usage(e.getMessage());
        }
        int validDays = TlsDays.parse(days, CertificateAuthority.MAX_DAYS);
        X509Certificate certificate;
        try {
            certificate = CertificateAuthority.create().issue(ca, principal, ips, dnsNames,
                    Validity.days(context.clock(), validDays), out, force);
        } catch (IllegalArgumentException e) {
            throw CliException.usage(e.getMessage());
        } catch (TlsMaterialException e) {
            throw CliException.usage("--ca: " + e.getMessage());
        } catch (FileAlreadyExistsException e) {
            throw new CliException(ExitCode.CONFLICT, out.resolve(TlsDir.KEY) + " exists already; --force replaces it");
        } catch (IOException e) {
            throw new CliException(ExitCode.FAILURE, "cannot write into " + out + ": " + TlsFailures.describe(e));
        }
        context.out().println("wrote " + out.resolve(TlsDir.CA) + ", " + out.resolve(TlsDir.CERT) + " and "
                + out.resolve(TlsDir.KEY) + " for " + principal.uri() + " (valid until "
                + certificate.getNotAfter().toInstant() + ")");
        return ExitCode.OK;
    }

    private static String shorten(String value) {
        return value.length() <= 20 ? value : value.substring(0, 20) + "...";
    }
}
