package io.dmon.coordinator.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dmon.coordinator.Eventually;
import io.dmon.coordinator.FakeAgent;
import io.dmon.coordinator.Fixtures;
import io.dmon.coordinator.ServiceHarness;
import io.dmon.coordinator.audit.FileAuditLog;
import io.dmon.coordinator.server.CoordinatorServer;
import io.dmon.coordinator.server.CoordinatorServices;
import io.dmon.coordinator.store.FleetStore;
import io.dmon.proto.v1.AgentServiceGrpc;
import io.dmon.proto.v1.EventsRequest;
import io.dmon.proto.v1.Job;
import io.dmon.proto.v1.JobEvent;
import io.dmon.proto.v1.OperatorServiceGrpc;
import io.dmon.proto.v1.PauseRequest;
import io.dmon.proto.v1.Selector;
import io.dmon.trust.CertificateAuthority;
import io.dmon.trust.Principal;
import io.dmon.trust.Role;
import io.dmon.trust.Validity;
import io.grpc.ChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A coordinator's real services behind its call guard, on Netty with mutual TLS and certificates
 * made by the fleet's certificate authority: the role matrix for every role, an agent's host
 * name, who events say asked, and the audit log read back.
 */
class MutualTlsAccessTest {
    @TempDir
    static Path dir;

    private static FleetStore store;
    private static CoordinatorServices services;
    private static CoordinatorServer server;
    private static Path auditFile;
    private static final Map<Role, ManagedChannel> CHANNELS = new EnumMap<>(Role.class);
    private static final List<ManagedChannel> OTHERS = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create();
        Path caDir = dir.resolve("ca");
        ca.createCa(caDir);
        Path coordinator = issue(ca, caDir, Role.COORDINATOR, "c1");
        for (Role role : Role.values()) {
            issue(ca, caDir, role, role == Role.AGENT ? "mail1" : role.word() + "-1");
        }
        store = ServiceHarness.singleMember("mtls");
        auditFile = dir.resolve("audit.jsonl");
        int[] port = new int[1];
        services = new CoordinatorServices(store, Clock.systemUTC(), () -> "127.0.0.1:" + port[0], Duration.ofMillis(20));
        TlsServerCredentials.Builder credentials = TlsServerCredentials.newBuilder()
                .keyManager(coordinator.resolve("cert.pem").toFile(), coordinator.resolve("key.pem").toFile())
                .trustManager(coordinator.resolve("ca.pem").toFile())
                .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE);
        server = new CoordinatorServer(NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0),
                credentials.build()), new CallGuard(false, FileAuditLog.open(auditFile), Clock.systemUTC())).start();
        port[0] = server.port();
        server.serve(services.services());
        for (Role role : Role.values()) {
            CHANNELS.put(role, channel(dir.resolve(role.word())));
        }
    }

    @AfterAll
    static void stop() {
        CHANNELS.values().forEach(ManagedChannel::shutdownNow);
        OTHERS.forEach(ManagedChannel::shutdownNow);
        if (server != null) {
            server.shutdown();
            services.close();
            server.awaitTermination(1_000);
        }
        if (store != null) {
            store.close();
        }
    }

    @Test
    void eachRoleIsAllowedExactlyTheCallsOfTheMatrix() throws Exception {
        for (Role role : Role.values()) {
            for (MethodDescriptor<?, ?> method : RawCalls.methods()) {
                if (method.getType() == MethodDescriptor.MethodType.SERVER_STREAMING
                        && method.getServiceName().startsWith("grpc.health")) {
                    continue; // Watch never ends by itself
                }
                Access access = RoleMatrix.of(method.getFullMethodName());
                boolean allowed = access == Access.OPEN || access.role().map(role::satisfies).orElse(false);
                Status status = RawCalls.call(CHANNELS.get(role), method);
                String what = role + " " + method.getFullMethodName() + ": " + status;
                if (allowed) {
                    // Served: the real service judged the empty request (OK or INVALID_ARGUMENT, say).
                    assertThat(status.getCode()).as(what)
                            .isNotIn(Status.Code.PERMISSION_DENIED, Status.Code.UNAUTHENTICATED, Status.Code.UNAVAILABLE);
                } else {
                    assertThat(status.getCode()).as(what).isEqualTo(Status.Code.PERMISSION_DENIED);
                    assertThat(status.getDescription()).as(what).contains(access.role().get().word() + " role");
                }
            }
        }
    }

    @Test
    void strangersAreRefusedEveryMethodBeforeAnyIsChosen() throws Exception {
        // Certificates made by dmonctl tls's CA code: another fleet's admin, an expired admin of
        // this fleet; and no certificate at all, and plaintext.
        Path strangerCa = dir.resolve("stranger-ca");
        CertificateAuthority stranger = CertificateAuthority.create();
        stranger.createCa(strangerCa);
        Path mallory = dir.resolve("mallory");
        stranger.issue(strangerCa, new Principal(Role.ADMIN, "mallory"), List.of(), List.of(), Duration.ofDays(1), mallory);
        Path expired = dir.resolve("expired-admin");
        CertificateAuthority.create().issue(dir.resolve("ca"), new Principal(Role.ADMIN, "old"), List.of(), List.of(),
                Validity.starting(Instant.now().minus(Duration.ofDays(10)), Duration.ofDays(1)), expired, false);
        Map<String, ManagedChannel> strangers = new java.util.LinkedHashMap<>();
        strangers.put("another CA's admin", channel(mallory));
        strangers.put("an expired admin", channel(expired));
        strangers.put("no client certificate", NettyChannelBuilder.forTarget("127.0.0.1:" + server.port(),
                TlsChannelCredentials.newBuilder().trustManager(dir.resolve("ca").resolve("ca.pem").toFile()).build())
                .build());
        strangers.put("plaintext", NettyChannelBuilder.forTarget("127.0.0.1:" + server.port(),
                io.grpc.InsecureChannelCredentials.create()).build());
        OTHERS.addAll(strangers.values());
        for (var who : strangers.entrySet()) {
            for (MethodDescriptor<?, ?> method : RawCalls.methods()) {
                Status status = RawCalls.call(who.getValue(), method);
                assertThat(status.getCode()).as(who.getKey() + " " + method.getFullMethodName() + ": " + status)
                        .isIn(Status.Code.UNAVAILABLE, Status.Code.UNAUTHENTICATED);
            }
        }
        assertThat(auditLines()).noneSatisfy(line -> assertThat(line).containsAnyOf("admin/mallory", "admin/old"));
    }

    @Test
    void anAgentCertificateForMail1CannotRegisterAsMail2() throws Exception {
        ManagedChannel agent = CHANNELS.get(Role.AGENT);
        try (FakeAgent impostor = new FakeAgent(AgentServiceGrpc.newStub(agent))) {
            impostor.register("mail2", Map.of(), List.of(), List.of());
            Status refused = impostor.awaitClosed();
            assertThat(refused.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
            assertThat(refused.getDescription()).isEqualTo("register as 'mail2' refused: agent/mail1 may register only as mail1");
        }
        assertThat(store.hosts().get("mail2")).isEmpty();
        List<JobEvent> refusals = Eventually.await("the refusal event", () -> events(JobEvent.Kind.SESSION_REFUSED),
                list -> !list.isEmpty());
        assertThat(refusals).singleElement().satisfies(e -> {
            assertThat(e.getHost()).isEqualTo("mail2");
            assertThat(e.getCause()).isEqualTo("agent/mail1 may register only as mail1");
        });
        assertThat(auditLines()).anySatisfy(line -> assertThat(line)
                .contains("\"principal\":\"agent/mail1\"")
                .contains("\"method\":\"dmon.v1.AgentService/Session\"")
                .contains("\"target\":\"host mail2\"")
                .contains("\"outcome\":\"PERMISSION_DENIED\""));
    }

    @Test
    void eventsRecordThePrincipalNotWhatTheClientClaimsAndTheAuditLogHasTheCalls() throws Exception {
        try (FakeAgent mail1 = new FakeAgent(AgentServiceGrpc.newStub(CHANNELS.get(Role.AGENT)))) {
            mail1.registerAndAwaitAssignment("mail1", Map.of());
            OperatorServiceGrpc.OperatorServiceBlockingStub operator = operator(Role.OPERATOR);
            Job job = operator.run(Fixtures.runOn("mail1", "sleep", "100").toBuilder().setName("audited").build()).getJobs(0);
            Job paused = operator.pause(PauseRequest.newBuilder().setSelector(Selector.newBuilder().addJobIds(job.getId()))
                    .setBy("mallory@elsewhere").build()).getJobs(0);
            assertThat(paused.getPause().getBy()).isEqualTo("operator/operator-1");
            assertThat(Eventually.await("the pause event", () -> events(JobEvent.Kind.PAUSE_REQUESTED), l -> !l.isEmpty()))
                    .extracting(JobEvent::getCause).containsExactly("manual by operator/operator-1");
            assertThatThrownBy(() -> operator(Role.VIEWER).stop(io.dmon.proto.v1.JobsRequest.newBuilder()
                    .addJobIds(job.getId()).build()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode())
                            .isEqualTo(Status.Code.PERMISSION_DENIED));
        }
        assertThat(Files.getPosixFilePermissions(auditFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        List<String> lines = auditLines();
        assertThat(lines).anySatisfy(line -> assertThat(line)
                .startsWith("{\"time\":\"")
                .contains("\"principal\":\"operator/operator-1\"", "\"peer\":\"/127.0.0.1:",
                        "\"method\":\"dmon.v1.OperatorService/Run\"",
                        "\"target\":\"--host mail1 --name audited program sleep\"", "\"outcome\":\"ok\""));
        assertThat(lines).anySatisfy(line -> assertThat(line)
                .contains("\"principal\":\"viewer/viewer-1\"", "\"method\":\"dmon.v1.OperatorService/Stop\"",
                        "\"outcome\":\"PERMISSION_DENIED\""));
        // The run's arguments are not the audit log's business (the timestamps may hold "100").
        assertThat(lines).noneSatisfy(line -> assertThat(line).containsAnyOf("sleep 100", "\"100", " 100"));
    }

    @Test
    void aCertificateOfTheFleetThatNamesNoPrincipalIsUnauthenticated() throws Exception {
        Path anonymous = dir.resolve("anonymous");
        Files.createDirectories(anonymous);
        writeCertificateWithoutPrincipal(dir.resolve("ca"), anonymous);
        ManagedChannel channel = channel(anonymous);
        OTHERS.add(channel);
        Status status = RawCalls.call(channel, OperatorServiceGrpc.getListHostsMethod());
        assertThat(status.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(status.getDescription()).isEqualTo("the client certificate names no dmon principal (URI dmon://ROLE/NAME)");
        assertThat(auditLines()).anySatisfy(line -> assertThat(line)
                .contains("\"principal\":\"none\"", "\"method\":\"dmon.v1.OperatorService/ListHosts\"",
                        "\"outcome\":\"UNAUTHENTICATED\""));
    }

    private static List<JobEvent> events(JobEvent.Kind kind) {
        List<JobEvent> found = new ArrayList<>();
        operator(Role.ADMIN).events(EventsRequest.newBuilder().setRecent(1000).build())
                .forEachRemaining(e -> {
                    if (e.getKind() == kind) {
                        found.add(e);
                    }
                });
        return found;
    }

    private static List<String> auditLines() throws IOException {
        return Files.readAllLines(auditFile);
    }

    private static OperatorServiceGrpc.OperatorServiceBlockingStub operator(Role role) {
        return OperatorServiceGrpc.newBlockingStub(CHANNELS.get(role)).withDeadlineAfter(20, TimeUnit.SECONDS);
    }

    private static Path issue(CertificateAuthority ca, Path caDir, Role role, String name) throws Exception {
        Path out = dir.resolve(role == Role.COORDINATOR && name.equals("c1") ? "server" : role.word());
        ca.issue(caDir, new Principal(role, name), List.of("127.0.0.1"), List.of(), Duration.ofDays(1), out);
        return out;
    }

    private static ManagedChannel channel(Path tls) throws IOException {
        ChannelCredentials credentials = TlsChannelCredentials.newBuilder()
                .keyManager(tls.resolve("cert.pem").toFile(), tls.resolve("key.pem").toFile())
                .trustManager(dir.resolve("ca").resolve("ca.pem").toFile())
                .build();
        return NettyChannelBuilder.forTarget("127.0.0.1:" + server.port(), credentials).build();
    }

    /** A leaf signed by the fleet's CA with no dmon:// name: what the CA never issues, but a key could be signed with. */
    private static void writeCertificateWithoutPrincipal(Path caDir, Path out) throws Exception {
        X509Certificate caCert;
        PrivateKey caKey;
        try (PEMParser certs = new PEMParser(Files.newBufferedReader(caDir.resolve("ca.pem")));
                PEMParser keys = new PEMParser(Files.newBufferedReader(caDir.resolve("ca-key.pem")))) {
            caCert = new JcaX509CertificateConverter().getCertificate((X509CertificateHolder) certs.readObject());
            caKey = new JcaPEMKeyConverter().getPrivateKey((PrivateKeyInfo) keys.readObject());
        }
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        Instant now = Instant.now();
        X509CertificateHolder holder = new JcaX509v3CertificateBuilder(caCert, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minusSeconds(300)), Date.from(now.plusSeconds(3600)), new X500Name("CN=anonymous"),
                pair.getPublic()).build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKey));
        X509Certificate leaf = new JcaX509CertificateConverter().getCertificate(holder);
        try (JcaPEMWriter writer = new JcaPEMWriter(Files.newBufferedWriter(out.resolve("cert.pem")))) {
            writer.writeObject(leaf);
        }
        try (JcaPEMWriter writer = new JcaPEMWriter(Files.newBufferedWriter(out.resolve("key.pem")))) {
            writer.writeObject(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(pair.getPrivate(), null));
        }
    }
}
