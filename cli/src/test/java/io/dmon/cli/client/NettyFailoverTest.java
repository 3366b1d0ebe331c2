package io.dmon.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.cli.CliContext;
import io.dmon.cli.DmonCtl;
import io.dmon.cli.FakeCoordinator;
import io.dmon.proto.v1.HostView;
import io.dmon.proto.v1.ListHostsResponse;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Failover over real TCP on loopback, with the production channel factory: a refused connection,
 * and a listener that accepts but never speaks HTTP/2 (the connection never becomes ready, as
 * with a peer that hangs), both before a coordinator that answers.
 */
class NettyFailoverTest {
    private final List<AutoCloseable> resources = new ArrayList<>();
    private Server server;

    @AfterEach
    void close() throws Exception {
        if (server != null) {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        for (AutoCloseable r : resources) {
            r.close();
        }
    }

    private String coordinator() throws IOException {
        FakeCoordinator fake = new FakeCoordinator();
        fake.listHosts = r -> ListHostsResponse.newBuilder().addHosts(HostView.newBuilder().setName("h1").setUp(true)).build();
        server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create()).addService(fake).build().start();
        return "127.0.0.1:" + server.getPort();
    }

    /** A port nobody listens on: bound, then closed. */
    private static String refused() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "127.0.0.1:" + socket.getLocalPort();
        }
    }

    /** Accepts connections and holds them, silent. */
    private String silent() throws IOException {
        ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        resources.add(socket);
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    Socket held = socket.accept();
                    resources.add(held);
                }
            } catch (IOException e) {
                // Closed at the end of the test.
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        return "127.0.0.1:" + socket.getLocalPort();
    }

    private record Run(int status, String out, String err, long millis) {
    }

    private static Run dmonctl(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long start = System.nanoTime();
        int status = DmonCtl.execute(CliContext.builder().out(out).err(err).build(), args);
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                (System.nanoTime() - start) / 1_000_000);
    }

    @Test
    void refusedThenSilentThenAnAnswer() throws IOException {
        String list = refused() + "," + silent() + "," + coordinator();

        Run r = dmonctl("--coordinator", list, "--timeout", "3s", "hosts");

        assertThat(r.err()).isEmpty();
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("h1 ").contains("UP");
    }

    @Test
    void nothingAnswersWithinTheTimeout() throws IOException {
        String refused = refused();
        String silent = silent();

        // Half of the timeout for each; the first connection of a JVM also pays for starting Netty.
        Run r = dmonctl("--coordinator", refused + "," + silent, "--timeout", "4s", "ps");

        assertThat(r.status()).isEqualTo(4);
        assertThat(r.err()).startsWith("dmonctl: no coordinator answered: " + refused + " (")
                .contains("Connection refused")
                .contains(silent + " (no connection in time)")
                .hasLineCount(1);
        // Within the deadline, give or take scheduling on a busy machine.
        assertThat(r.millis()).isLessThan(8_000);
    }
}
