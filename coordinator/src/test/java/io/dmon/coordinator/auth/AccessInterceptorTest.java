package io.dmon.coordinator.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.coordinator.audit.AuditInterceptor;
import io.dmon.coordinator.audit.AuditRecord;
import io.dmon.trust.Principal;
import io.dmon.trust.Role;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The role matrix enforced, in-process: the caller is put in the context by a stand-in for the
 * certificate reader, the services are stand-ins that answer {@link RawCalls#SERVED}.
 */
class AccessInterceptorTest {
    private static final MethodDescriptor<byte[], byte[]> HIDDEN = MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName("dmon.test.Hidden/Do")
            .setRequestMarshaller(new Bytes())
            .setResponseMarshaller(new Bytes())
            .build();

    private final List<AuditRecord> audit = new CopyOnWriteArrayList<>();
    private Server server;
    private ManagedChannel channel;

    @AfterEach
    void close() {
        if (channel != null) {
            channel.shutdownNow();
        }
        if (server != null) {
            server.shutdownNow();
        }
    }

    @Test
    void eachRoleMayCallExactlyWhatTheMatrixGivesIt() throws Exception {
        for (Role role : Role.values()) {
            Caller caller = new Caller(new Principal(role, "someone"), true);
            serve(caller);
            for (MethodDescriptor<?, ?> method : RawCalls.methods()) {
                Access access = RoleMatrix.of(method.getFullMethodName());
                boolean allowed = access == Access.OPEN || access.role().map(role::satisfies).orElse(false);
                Status status = RawCalls.call(channel, method);
                String what = role + " " + method.getFullMethodName();
                if (allowed) {
                    assertThat(status.getCode()).as(what).isEqualTo(RawCalls.SERVED.getCode());
                } else {
                    assertThat(status.getCode()).as(what).isEqualTo(Status.Code.PERMISSION_DENIED);
                    assertThat(status.getDescription()).as(what)
                            .isEqualTo("permission denied: this call needs the " + access.role().get().word()
                                    + " role, not " + role.word());
                    assertThat(audit).as(what).anySatisfy(r -> {
                        assertThat(r.method()).isEqualTo(method.getFullMethodName());
                        assertThat(r.principal()).isEqualTo(role.word() + "/someone");
                        assertThat(r.outcome()).isEqualTo("PERMISSION_DENIED");
                    });
                }
            }
            close();
        }
    }

    @Test
    void mutatingCallsAreAuditedWhateverTheirOutcomeAndReadsAreNot() throws Exception {
        serve(new Caller(new Principal(Role.OPERATOR, "olga"), true));
        for (MethodDescriptor<?, ?> method : RawCalls.methods()) {
            RawCalls.call(channel, method);
        }
        List<String> audited = RawCalls.methods().stream().map(MethodDescriptor::getFullMethodName)
                .filter(m -> RoleMatrix.of(m) == Access.CHANGE).toList();
        assertThat(audit).extracting(AuditRecord::method).containsExactlyInAnyOrderElementsOf(
                // The session is refused to an operator, so it is audited too.
                concat(audited, "dmon.v1.AgentService/Session"));
        assertThat(audit).filteredOn(r -> audited.contains(r.method()))
                .allSatisfy(r -> assertThat(r.outcome()).isEqualTo("NOT_FOUND"))
                .allSatisfy(r -> assertThat(r.principal()).isEqualTo("operator/olga"));
    }

    @Test
    void plaintextMayCallEverythingInTheTableAndNothingElse() throws Exception {
        serve(Caller.plaintext());
        for (MethodDescriptor<?, ?> method : RawCalls.methods()) {
            assertThat(RawCalls.call(channel, method).getCode()).as(method.getFullMethodName())
                    .isEqualTo(RawCalls.SERVED.getCode());
        }
        Status hidden = RawCalls.call(channel, HIDDEN);
        assertThat(hidden.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(hidden.getDescription()).isEqualTo("permission denied: this call is open to no one");
        assertThat(audit).filteredOn(r -> r.method().equals("dmon.test.Hidden/Do"))
                .singleElement().satisfies(r -> assertThat(r.principal()).isEqualTo("plaintext"));
    }

    @Test
    void aCallWithNoCallerInItsContextIsRefused() throws Exception {
        serve(null);
        assertThat(RawCalls.call(channel, RawCalls.methods().get(1)).getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(audit).singleElement().satisfies(r -> assertThat(r.principal()).isEqualTo("none"));
    }

    /** Serves stand-ins of every service and {@link #HIDDEN}, to calls made as {@code caller}. */
    private void serve(Caller caller) throws Exception {
        audit.clear();
        String name = "access-" + System.nanoTime();
        ServerInterceptor as = new ServerInterceptor() {
            @Override
            public <Q, R> io.grpc.ServerCall.Listener<Q> interceptCall(io.grpc.ServerCall<Q, R> call,
                    io.grpc.Metadata headers, io.grpc.ServerCallHandler<Q, R> next) {
                Context context = caller == null ? Context.current() : Context.current().withValue(Caller.KEY, caller);
                return Contexts.interceptCall(context, call, headers, next);
            }
        };
        InProcessServerBuilder builder = InProcessServerBuilder.forName(name).directExecutor();
        RawCalls.SERVICES.forEach(s -> builder.addService(RawCalls.standIn(s)));
        builder.addService(RawCalls.standIn(new ServiceDescriptor("dmon.test.Hidden", HIDDEN)));
        Clock clock = Clock.systemUTC();
        // The order CallGuard gives them: outermost added last.
        builder.intercept(new AuditInterceptor(audit::add, clock, m -> RoleMatrix.of(m).audited(),
                () -> Caller.current().map(Caller::audited).orElse("none")));
        builder.intercept(new AccessInterceptor(audit::add, clock));
        builder.intercept(as);
        server = builder.build().start();
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    }

    private static List<String> concat(List<String> list, String more) {
        List<String> all = new java.util.ArrayList<>(list);
        all.add(more);
        return all;
    }

    private static final class Bytes implements MethodDescriptor.PrototypeMarshaller<byte[]> {
        @Override
        public byte[] getMessagePrototype() {
            return new byte[0];
        }

        @Override
        public Class<byte[]> getMessageClass() {
            return byte[].class;
        }

        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
