package io.dmon.coordinator.auth;

import io.dmon.proto.v1.AgentServiceGrpc;
import io.dmon.proto.v1.OperatorServiceGrpc;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.health.v1.HealthGrpc;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Calls any method with its request's default instance and reports how the call ended. */
final class RawCalls {
    /** The services a coordinator serves. */
    static final List<ServiceDescriptor> SERVICES = List.of(AgentServiceGrpc.getServiceDescriptor(),
            OperatorServiceGrpc.getServiceDescriptor(), HealthGrpc.getServiceDescriptor());

    /** What a stand-in service answers every call with, so that a test tells served from refused. */
    static final Status SERVED = Status.NOT_FOUND.withDescription("served");

    private RawCalls() {
    }

    static List<MethodDescriptor<?, ?>> methods() {
        List<MethodDescriptor<?, ?>> methods = new ArrayList<>();
        SERVICES.forEach(s -> methods.addAll(s.getMethods()));
        return methods;
    }

    /** Sends one default request (half-closing after it) and waits for the call's status. */
    static <Q, R> Status call(Channel channel, MethodDescriptor<Q, R> method) throws Exception {
        @SuppressWarnings("unchecked")
        Q request = (Q) ((MethodDescriptor.PrototypeMarshaller<?>) method.getRequestMarshaller()).getMessagePrototype();
        CompletableFuture<Status> closed = new CompletableFuture<>();
        ClientCall<Q, R> call = channel.newCall(method, CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS));
        call.start(new ClientCall.Listener<>() {
            @Override
            public void onClose(Status status, Metadata trailers) {
                closed.complete(status);
            }
        }, new Metadata());
        call.request(Integer.MAX_VALUE);
        call.sendMessage(request);
        call.halfClose();
        return closed.get(30, TimeUnit.SECONDS);
    }

    /** A service of {@code descriptor} whose every method answers {@link #SERVED}. */
    static ServerServiceDefinition standIn(ServiceDescriptor descriptor) {
        ServerServiceDefinition.Builder builder = ServerServiceDefinition.builder(descriptor);
        descriptor.getMethods().forEach(m -> add(builder, m));
        return builder.build();
    }

    private static <Q, R> void add(ServerServiceDefinition.Builder builder, MethodDescriptor<Q, R> method) {
        ServerCallHandler<Q, R> handler = (call, headers) -> {
            call.close(SERVED, new Metadata());
            return new ServerCall.Listener<>() {
            };
        };
        builder.addMethod(method, handler);
    }
}
