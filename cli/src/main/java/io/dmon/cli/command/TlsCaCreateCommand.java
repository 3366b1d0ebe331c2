package io.dmon.cli.command;

import io.dmon.cli.CliContext;
import io.dmon.cli.CliException;
import io.dmon.cli.ExitCode;
import io.dmon.trust.CertificateAuthority;
import io.dmon.trust.Validity;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code dmonctl tls ca create}: a new certificate authority for a fleet. */
@Command(name = "create", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Makes a new CA: DIR/ca.pem (its certificate, which every node trusts) and "
                    + "DIR/ca-key.pem (its key, mode 0600: keep it off the fleet's hosts). DIR is "
                    + "made mode 0700 when missing.",
            "An existing DIR/ca-key.pem is never replaced without --force (exit 5)."})
public final class TlsCaCreateCommand implements Callable<Integer> {
    /** Longest CA life, in days: the CA outlives every certificate it signs. */
    static final int MAX_CA_DAYS = 2 * CertificateAuthority.MAX_DAYS;

    @ParentCommand
    private TlsCaCommand ca;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where to write ca.pem and ca-key.pem.")
    private Path out;

    @Option(names = "--name", paramLabel = "NAME", defaultValue = "dmon fleet CA",
            description = "The CA's common name (default: ${DEFAULT-VALUE}).")
    private String name;

    @Option(names = "--days", paramLabel = "N", defaultValue = "3650",
            description = "Days the CA is valid, 1 to " + MAX_CA_DAYS + " (default: ${DEFAULT-VALUE}).")
    private String days;

    @Option(names = "--force", description = "Replace an existing CA key: certificates it signed stop being trusted.")
    private boolean force;

    @Override
    public Integer call() {
        CliContext context = ca.dmonctl().context();
        int validDays = TlsDays.parse(days, MAX_CA_DAYS);
        if (name.isBlank() || name.length() > 64) {
            throw CliException.usage("--name: 1 to 64 characters");
        }
        X509Certificate certificate;
        try {
            certificate = CertificateAuthority.create().createCa(out, name, Validity.days(context.clock(), validDays), force);
        } catch (FileAlreadyExistsException e) {
            throw new CliException(ExitCode.CONFLICT, out.resolve(CertificateAuthority.CA_KEY)
                    + " exists already; --force replaces it");
        } catch (IOException e) {
            throw new CliException(ExitCode.FAILURE, "cannot write the CA into " + out + ": " + TlsFailures.describe(e));
        }
        context.out().println("wrote " + out.resolve(CertificateAuthority.CA_CERT) + " and "
                + out.resolve(CertificateAuthority.CA_KEY) + " (valid until " + certificate.getNotAfter().toInstant() + ")");
        return ExitCode.OK;
    }
}
