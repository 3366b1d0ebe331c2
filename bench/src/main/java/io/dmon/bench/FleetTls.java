package io.dmon.bench;

import io.dmon.trust.CertificateAuthority;
import io.dmon.trust.Principal;
import io.dmon.trust.Role;
import io.dmon.trust.TlsMaterialException;
import io.dmon.trust.tls.MutualTls;
import io.dmon.trust.tls.TlsMaterial;
import io.grpc.ChannelCredentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The certificates of a benchmark fleet over mutual TLS: a CA of its own, a coordinator's
 * certificate for 127.0.0.1, one per agent and an operator's for dmonctl and the benchmark's
 * own channel. Made with the same code as {@code dmonctl tls}.
 */
final class FleetTls {
    /** Prefix of the files of a TLS fleet in the scratch directory. */
    static final String PREFIX = "tls-";

    private final CertificateAuthority authority = CertificateAuthority.create();
    private final Path root;
    private final Path ca;

    private FleetTls(Path root) {
        this.root = root;
        this.ca = root.resolve("ca");
    }

    /** A new CA in {@code root}. */
    static FleetTls create(Path root) throws IOException {
        FleetTls tls = new FleetTls(root);
        tls.authority.createCa(tls.ca);
        return tls;
    }

    Path coordinator() throws IOException {
        return dir(new Principal(Role.COORDINATOR, "c1"));
    }

    Path agent(String name) throws IOException {
        return dir(new Principal(Role.AGENT, name));
    }

    Path operator() throws IOException {
        return dir(new Principal(Role.OPERATOR, "bench"));
    }

    /** The operator's channel credentials, for the benchmark's own calls. */
    ChannelCredentials operatorCredentials() throws IOException {
        try {
            return MutualTls.channelCredentials(TlsMaterial.follow(operator()));
        } catch (TlsMaterialException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private Path dir(Principal principal) throws IOException {
        Path out = root.resolve(principal.role().word() + "-" + principal.name());
        if (!Files.exists(out.resolve("key.pem"))) {
            try {
                authority.issue(ca, principal, List.of("127.0.0.1"), List.of(), Duration.ofDays(1), out);
            } catch (TlsMaterialException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
        return out;
    }
}
