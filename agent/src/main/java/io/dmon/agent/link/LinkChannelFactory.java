package io.dmon.agent.link;

import io.dmon.wire.HostPort;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import java.util.concurrent.TimeUnit;

/** Opens the channel to one coordinator; tests pass an in-process one. */
@FunctionalInterface
public interface LinkChannelFactory {
    ManagedChannel open(HostPort address, ChannelCredentials credentials);

    /**
     * The real thing: {@code Grpc.newChannelBuilder} with the given credentials (insecure by
     * default, TLS when configured) and keepalive, so a coordinator that vanished without closing
     * the connection is noticed within 40 s (coordinators permit pings every 10 s).
     */
    static LinkChannelFactory standard() {
        return (address, credentials) -> Grpc.newChannelBuilder(address.toString(), credentials)
                .keepAliveTime(30, TimeUnit.SECONDS)
                .keepAliveTimeout(10, TimeUnit.SECONDS)
                .keepAliveWithoutCalls(true)
                .build();
    }
}
