package io.dmon.trust.tls;

import io.dmon.trust.Principal;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ChannelCredentials;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * A real Netty gRPC server on 127.0.0.1 with one unary method that answers who called it, as the
 * server's SSL session says ({@code PROTOCOL PRINCIPAL SERIAL}), read the way an interceptor does.
 */
final class EchoPeer implements AutoCloseable {
    static final MethodDescriptor<String, String> WHO = MethodDescriptor.<String, String>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName("test.Echo/Who")
            .setRequestMarshaller(new Utf8())
            .setResponseMarshaller(new Utf8())
            .build();
    private static final Context.Key<SSLSession> SESSION = Context.key("ssl-session");

    private final Server server;
    final AtomicInteger served = new AtomicInteger();

    EchoPeer(ServerCredentials credentials) throws IOException {
        ServerServiceDefinition echo = ServerServiceDefinition.builder("test.Echo")
                .addMethod(WHO, ServerCalls.asyncUnaryCall((request, response) -> {
                    served.incrementAndGet();
                    response.onNext(describe(SESSION.get()));
                    response.onCompleted();
                }))
                .build();
        ServerInterceptor sessions = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                    ServerCallHandler<Q, R> next) {
                SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
                return Contexts.interceptCall(Context.current().withValue(SESSION, session), call, headers, next);
            }
        };
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0), credentials)
                .addService(ServerInterceptors.intercept(echo, sessions))
                .build()
                .start();
    }

    int port() {
        return server.getPort();
    }

    /** One call over a new channel: what the server saw, and the server's certificate as the client saw it. */
    Answer call(ChannelCredentials credentials) {
        return call(credentials, "127.0.0.1");
    }

    Answer call(ChannelCredentials credentials, String host) {
        ManagedChannel channel = NettyChannelBuilder.forAddress(host, port(), credentials).build();
        AtomicReference<SSLSession> serverSession = new AtomicReference<>();
        try {
            Channel intercepted = io.grpc.ClientInterceptors.intercept(channel, new ClientInterceptor() {
                @Override
                public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
                    return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
                        @Override
                        public void start(Listener<R> listener, Metadata headers) {
                            ClientCall<Q, R> call = this;
                            super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
                                @Override
                                public void onHeaders(Metadata metadata) {
                                    serverSession.set(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
                                    super.onHeaders(metadata);
                                }
                            }, headers);
                        }
                    };
                }
            });
            String seen = ClientCalls.blockingUnaryCall(intercepted, WHO, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), "who");
            return new Answer(seen, describe(serverSession.get()));
        } finally {
            channel.shutdownNow();
        }
    }

    record Answer(String clientAsServerSawIt, String serverAsClientSawIt) {
    }

    static String describe(SSLSession session) {
        if (session == null) {
            return "plaintext";
        }
        try {
            X509Certificate peer = (X509Certificate) session.getPeerCertificates()[0];
            return session.getProtocol() + " " + Principal.of(peer).map(Principal::toString).orElse("-") + " "
                    + peer.getSerialNumber().toString(16);
        } catch (SSLPeerUnverifiedException e) {
            return session.getProtocol() + " unverified";
        }
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }

    private static final class Utf8 implements MethodDescriptor.Marshaller<String> {
        @Override
        public InputStream stream(String value) {
            return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String parse(InputStream stream) {
            try {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
