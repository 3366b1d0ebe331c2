package io.dmon.coordinator.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.coordinator.audit.AuditRecord;
import io.dmon.proto.v1.OperatorServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Calls without TLS (in-process has no session): served as the plaintext stand-in only when allowed. */
class PrincipalInterceptorTest {
    private final List<AuditRecord> audit = new CopyOnWriteArrayList<>();
    private Server server;
    private ManagedChannel channel;

    @AfterEach
    void close() {
        channel.shutdownNow();
        server.shutdownNow();
    }

    @Test
    void withPlaintextAllowedTheCallerIsThePlaintextStandIn() throws Exception {
        serve(true);
        Status status = RawCalls.call(channel, OperatorServiceGrpc.getListHostsMethod());
        assertThat(status.getDescription()).isEqualTo("caller plaintext, by alice@ops1 (unauthenticated)");
        assertThat(audit).isEmpty();
    }

    @Test
    void withoutPlaintextACallWithoutTlsIsUnauthenticatedAndAudited() throws Exception {
        serve(false);
        Status status = RawCalls.call(channel, OperatorServiceGrpc.getListHostsMethod());
        assertThat(status.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(status.getDescription()).isEqualTo("this coordinator takes only mutual TLS");
        assertThat(audit).singleElement().satisfies(r -> {
            assertThat(r.principal()).isEqualTo("none");
            assertThat(r.method()).isEqualTo("dmon.v1.OperatorService/ListHosts");
            assertThat(r.outcome()).isEqualTo("UNAUTHENTICATED");
        });
    }

    /** A service that answers with who it was told the caller is. */
    private void serve(boolean plaintext) throws Exception {
        String name = "principal-" + System.nanoTime();
        ServerServiceDefinition.Builder service = ServerServiceDefinition.builder(OperatorServiceGrpc.getServiceDescriptor());
        OperatorServiceGrpc.getServiceDescriptor().getMethods().forEach(m -> add(service, m));
        server = InProcessServerBuilder.forName(name).directExecutor().addService(service.build())
                .intercept(new PrincipalInterceptor(plaintext, audit::add, Clock.systemUTC())).build().start();
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    }

    private static <Q, R> void add(ServerServiceDefinition.Builder builder, io.grpc.MethodDescriptor<Q, R> method) {
        builder.addMethod(method, (call, headers) -> {
            String who = Caller.current().map(c -> c.audited() + ", by " + c.by("alice@ops1")).orElse("nobody");
            call.close(Status.NOT_FOUND.withDescription("caller " + who), new Metadata());
            return new ServerCall.Listener<>() {
            };
        });
    }
}
