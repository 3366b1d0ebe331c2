package io.dmon.cli.client;

import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * dmonctl's one network thread, owned so that it can be ended before the JVM exits. gRPC's shared
 * event loop would otherwise still sit in epoll_wait (a native call) at exit, and HotSpot waits
 * up to 300 ms for threads in native code before it halts: a third of a short command's time.
 */
public final class ClientEventLoop {
    private static EventLoopGroup group;

    private ClientEventLoop() {
    }

    /** Puts every channel built here on the one owned event loop. */
    static synchronized NettyChannelBuilder configure(NettyChannelBuilder builder) {
        if (group == null) {
            group = Epoll.isAvailable() ? new EpollEventLoopGroup(1) : new NioEventLoopGroup(1);
        }
        return builder.eventLoopGroup(group)
                .channelType(group instanceof EpollEventLoopGroup ? EpollSocketChannel.class : NioSocketChannel.class);
    }

    /** Ends the event loop (channels are shut down by now); a no-op when none was started. */
    public static synchronized void shutdown() {
        if (group != null) {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).awaitUninterruptibly(1, TimeUnit.SECONDS);
            group = null;
        }
    }
}
