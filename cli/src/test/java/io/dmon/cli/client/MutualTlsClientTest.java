package io.dmon.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.cli.CliContext;
import io.dmon.cli.DmonCtl;
import io.dmon.cli.FakeCoordinator;
import io.dmon.proto.v1.HostView;
import io.dmon.proto.v1.ListHostsResponse;
import io.dmon.trust.CertificateAuthority;
import io.dmon.trust.Principal;
import io.dmon.trust.Role;
import io.dmon.trust.tls.MutualTls;
import io.dmon.trust.tls.TlsMaterial;
import io.grpc.Grpc;
import io.grpc.Server;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dmonctl over mutual TLS to a real Netty server on loopback: where the TLS directory comes from, and refusals. */
class MutualTlsClientTest {
    @TempDir
    Path tmp;

    private final CertificateAuthority authority = CertificateAuthority.create();
    private Server server;
    private String address;
    private Path ca;

    @BeforeEach
    void start() throws Exception {
        ca = tmp.resolve("ca");
        authority.createCa(ca);
        Path c1 = issue(ca, Role.COORDINATOR, "c1", tmp.resolve("c1"));
        FakeCoordinator fake = new FakeCoordinator();
        fake.listHosts = r -> ListHostsResponse.newBuilder().addHosts(HostView.newBuilder().setName("h1").setUp(true)).build();
        server = Grpc.newServerBuilderForPort(0, MutualTls.serverCredentials(TlsMaterial.follow(c1)))
                .addService(fake).build().start();
        address = "127.0.0.1:" + server.getPort();
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private Path issue(Path caDir, Role role, String name, Path out) throws Exception {
        authority.issue(caDir, new Principal(role, name), List.of("127.0.0.1"), List.of(), Duration.ofDays(1), out);
        return out;
    }

    private record Run(int status, String out, String err) {
    }

    private static Run dmonctl(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = DmonCtl.execute(CliContext.builder().out(out).err(err).env(env).build(), args);
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void talksMutualTlsWithTheOptionTheEnvironmentOrTheUsersDirectory() throws Exception {
        Path alice = issue(ca, Role.OPERATOR, "alice", tmp.resolve("alice"));
        Run byOption = dmonctl(Map.of(), "--coordinator", address, "--tls-dir", alice.toString(), "hosts");
        assertThat(byOption.err()).isEmpty();
        assertThat(byOption.out()).contains("h1 ");

        Run byEnv = dmonctl(Map.of("DMON_TLS_DIR", alice.toString()), "--coordinator", address, "hosts");
        assertThat(byEnv.err()).isEmpty();
        assertThat(byEnv.status()).isZero();

        Path home = tmp.resolve("home");
        issue(ca, Role.VIEWER, "bob", home.resolve(".config/dmon/tls"));
        Run byHome = dmonctl(Map.of("HOME", home.toString()), "--coordinator", address, "hosts");
        assertThat(byHome.err()).isEmpty();
        assertThat(byHome.status()).isZero();

        Path xdg = tmp.resolve("xdg");
        Files.createDirectories(xdg);
        // XDG_CONFIG_HOME wins over HOME; it has no dmon/tls here, so plaintext is tried, and refused.
        Run byXdg = dmonctl(Map.of("HOME", home.toString(), "XDG_CONFIG_HOME", xdg.toString()), "--coordinator", address,
                "--timeout", "3s", "hosts");
        assertThat(byXdg.status()).isEqualTo(4);
    }

    @Test
    void plaintextAgainstAMutualTlsCoordinatorGetsNoAnswer() {
        Run run = dmonctl(Map.of(), "--coordinator", address, "--timeout", "3s", "hosts");
        assertThat(run.status()).isEqualTo(4);
        assertThat(run.err()).startsWith("dmonctl: no coordinator answered").hasLineCount(1);
    }

    @Test
    void aCertificateOfAnotherCaGetsNoAnswer() throws Exception {
        Path otherCa = tmp.resolve("other-ca");
        authority.createCa(otherCa);
        Path mallory = issue(otherCa, Role.ADMIN, "mallory", tmp.resolve("mallory"));
        Run run = dmonctl(Map.of(), "--coordinator", address, "--tls-dir", mallory.toString(), "--timeout", "3s", "hosts");
        assertThat(run.status()).isEqualTo(4);
        assertThat(run.err()).startsWith("dmonctl: no coordinator answered").hasLineCount(1);
    }

    @Test
    void unusableMaterialIsAUsageErrorNamingItsSource() throws Exception {
        Run run = dmonctl(Map.of("DMON_TLS_DIR", tmp.resolve("none").toString()), "--coordinator", address, "hosts");
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("dmonctl: $DMON_TLS_DIR: " + tmp.resolve("none").resolve("ca.pem") + ": missing\n");
    }
}
