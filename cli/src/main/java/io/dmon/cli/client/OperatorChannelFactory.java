package io.dmon.cli.client;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;

/**
 * Opens the channel to one coordinator address ({@code HOST:PORT}). The only place that decides
 * transport and credentials: with a TLS directory dmonctl passes mutual-TLS credentials to
 * {@link #withCredentials}; without one it uses the context's factory, plaintext by default.
 * Tests open in-process channels instead.
 */
@FunctionalInterface
public interface OperatorChannelFactory {
    /** Largest message accepted: a fleet's ListJobs can exceed gRPC's default of 4 MiB. */
    int MAX_INBOUND_MESSAGE_BYTES = 64 << 20;

    /** A new channel to {@code address}; the caller shuts it down. */
    ManagedChannel open(String address);

    /** Plain-text channels: only a coordinator on loopback accepts them. */
    static OperatorChannelFactory insecure() {
        return withCredentials(InsecureChannelCredentials.create());
    }

    /** Channels with these credentials (mutual TLS: {@code io.dmon.trust.tls.MutualTls#channelCredentials}). */
    static OperatorChannelFactory withCredentials(ChannelCredentials credentials) {
        // "dns:///" spelled out: a bare "localhost:7700" would otherwise be read as a URI whose scheme is "localhost".
        return address -> ClientEventLoop.configure(NettyChannelBuilder.forTarget("dns:///" + address, credentials))
                .userAgent("dmonctl")
                .maxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES)
                .build();
    }
}
