package io.dmon.coordinator;

import io.dmon.trust.Role;
import io.dmon.trust.TlsDirChoice;
import io.dmon.trust.TlsMaterialException;
import io.dmon.trust.tls.MutualTls;
import io.dmon.trust.tls.TlsMaterial;
import io.dmon.wire.HostPort;
import io.grpc.InsecureServerCredentials;
import io.grpc.ServerCredentials;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Decides how a coordinator's gRPC server is secured, failing closed: mutual TLS with the
 * material of {@code --tls-dir}; without it plaintext, but only on a loopback address unless
 * {@code --insecure} says otherwise, and then with a warning at every start. Whoever reaches a
 * plaintext coordinator runs anything as root on every host.
 */
final class ListenSecurity {
    private ListenSecurity() {
    }

    /** A refusal: one line, exit status 2. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The server's credentials.
     *
     * @param warnings gets the --insecure warning
     * @throws Refused when the TLS material is unusable or names no coordinator, when
     *         {@code --insecure} is given with TLS material, or when plaintext would leave loopback
     */
    static ServerCredentials credentials(HostPort listen, Optional<TlsDirChoice> tls, boolean insecure,
            Consumer<String> warnings) throws Refused {
        if (tls.isPresent()) {
            TlsDirChoice choice = tls.get();
            if (insecure) {
                throw new Refused("--insecure and " + choice.source() + " exclude each other: TLS material was given");
            }
            TlsMaterial material;
            try {
                material = TlsMaterial.follow(choice.dir());
            } catch (TlsMaterialException e) {
                throw new Refused(choice.describe() + e.getMessage());
            }
            var principal = material.current().principal();
            if (principal.role() != Role.COORDINATOR) {
                throw new Refused(choice.describe() + material.current().dir().resolve("cert.pem") + " names " + principal
                        + ", not a coordinator: agents and dmonctl would refuse it");
            }
            return MutualTls.serverCredentials(material);
        }
        if (insecure) {
            warnings.accept("WARNING: --insecure: plaintext gRPC on " + listen + ", no client certificates: anyone who "
                    + "reaches this port may run any command as root on every host of the fleet");
            return InsecureServerCredentials.create();
        }
        if (!isLoopback(listen.host())) {
            throw new Refused("refusing plaintext on " + listen + ", which is not a loopback address: give --tls-dir DIR "
                    + "(or $" + TlsDirChoice.ENV + ") for mutual TLS, or --insecure to accept plaintext anyway");
        }
        return InsecureServerCredentials.create();
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }
}
