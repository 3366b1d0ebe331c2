package io.dmon.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.coordinator.store.FreePorts;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The command's exit statuses and its one-line errors, without exiting the test JVM. */
class CoordinatorCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--bogus                     | Unknown option: '--bogus'",
        "--listen=nocolon            | Invalid value for option '--listen': 'nocolon' is not HOST:PORT",
        "--listen=h:99999            | Invalid value for option '--listen': 'h:99999': port 99999 is not in 0..65535",
        "--listen=::1:7700           | Invalid value for option '--listen': '::1:7700': write an IPv6 address as [ADDRESS]:PORT",
        "--peers=a:1,b               | Invalid value for option '--peers' (HOST:PORT): 'b' is not HOST:PORT",
        "--hazelcast-port=0          | hazelcast port 0 is not in 1..65535",
        "--hazelcast-port=x          | Invalid value for option '--hazelcast-port': 'x' is not an int",
        "--backup-count=7            | backup count 7 is not in 0..6",
        "--log-capacity=0            | log capacity must be at least 1, not 0",
        "--peers=a:0                 | peer a:0 has no port",
        "--max-jobs=0                | max jobs must be at least 1, not 0",
        "--max-host-jobs=-1          | max host jobs must be at least 1, not -1",
        "--max-jobs=many             | Invalid value for option '--max-jobs': 'many' is not an int",
        "--log-capacity-bytes=1k     | log capacity bytes must be at least 256 per line kept (2560000 for 10000 lines), not 1024",
        "--gate-down-grace=5x        | Invalid value for option '--gate-down-grace': bad time value '5x' (a whole number of seconds, optionally suffixed with s, m, h, d, w, M, y)",
        "--gate-down-grace=          | Invalid value for option '--gate-down-grace': empty time value",
        "--cluster-name=a b          | cluster name must be 1 to 64 letters, digits, '.', '_' or '-'",
        "--hazelcast-host=8.8.8.8    | hazelcast host 8.8.8.8 (8.8.8.8) is a public address and members have no TLS or authentication: use a private network or a tunnel (or --hazelcast-public to accept the risk)",
        "--listen=0.0.0.0:7700       | refusing plaintext on 0.0.0.0:7700, which is not a loopback address: give --tls-dir DIR (or $DMON_TLS_DIR) for mutual TLS, or --insecure to accept plaintext anyway",
        "--peers=9.9.9.9:5701        | peer 9.9.9.9:5701 is a public address and members have no TLS or authentication: use a private network or a tunnel (or --hazelcast-public)",
    })
    void aBadOptionIsOneLineAndStatusTwo(String arg, String message) {
        int status = CoordinatorCommand.run(new String[] {arg}, new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("dmon-coordinator: " + message + System.lineSeparator());
    }

    @Test
    void aWildcardListenAddressDoesNotMakeTheMemberBindEveryInterface() {
        // Past the plaintext refusal (--insecure), the member's address is the next check.
        int status = CoordinatorCommand.run(new String[] {"--listen=0.0.0.0:7700", "--insecure"},
                new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).endsWith("dmon-coordinator: hazelcast host 0.0.0.0 binds every interface, public ones"
                + " included, and members have no TLS or authentication: give --hazelcast-host a private address of"
                + " this machine (or --hazelcast-public to accept the risk)" + System.lineSeparator());
    }

    @Test
    void helpNamesEveryOptionAndExitsZero() {
        int status = CoordinatorCommand.run(new String[] {"--help"}, new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(status).isZero();
        assertThat(out.toString()).contains("--listen=HOST:PORT", "--hazelcast-port=PORT", "--hazelcast-host=HOST",
                "--peers=HOST:PORT", "--backup-count=N", "--log-capacity=N", "--log-capacity-bytes=SIZE", "--gate-down-grace=TIME",
                "--cluster-name=NAME", "--hazelcast-public", "--max-jobs=N", "--max-host-jobs=N").doesNotContain("--dev");
    }

    @Test
    void withHazelcastPublicAPublicAddressIsTriedAndFailsOnlyBecauseItIsNotThisMachines() {
        String[] args = {"--listen", "127.0.0.1:0", "--hazelcast-host", "192.0.2.1", "--hazelcast-port",
            String.valueOf(FreePorts.next()), "--hazelcast-public"};
        int status = CoordinatorCommand.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(status).as(err.toString()).isEqualTo(1);
        assertThat(err.toString()).startsWith("dmon-coordinator: hazelcast member on 192.0.2.1:")
                .doesNotContain("public address");
    }

    @Test
    void aListenPortInUseIsOneLineAndStatusOne() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String[] args = {"--listen", "127.0.0.1:" + taken.getLocalPort(), "--hazelcast-port", String.valueOf(FreePorts.next())};
            int status = CoordinatorCommand.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
            assertThat(status).isEqualTo(1);
            assertThat(err.toString()).isEqualTo("dmon-coordinator: cannot listen on 127.0.0.1:" + taken.getLocalPort()
                    + ": Address already in use" + System.lineSeparator());
        }
    }
}
