package io.dmon.bench;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The benchmark's side of a dmon-monitor socket: its line protocol spoken directly (see the
 * agent's io.dmon.agent.monitor package notes), so the benchmark needs none of the agent's
 * classes. Every read has a deadline.
 */
final class MonitorSocket implements AutoCloseable {
    private static final int MAX_LINE = 256;

    private final SocketChannel channel;
    private final Selector selector;
    private final ByteBuffer in = ByteBuffer.allocate(4096).flip();

    private MonitorSocket(SocketChannel channel, Selector selector) {
        this.channel = channel;
        this.selector = selector;
    }

    static MonitorSocket connect(Path dir) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(dir.resolve("sock")));
            ch.configureBlocking(false);
            Selector selector = Selector.open();
            ch.register(selector, SelectionKey.OP_READ);
            return new MonitorSocket(ch, selector);
        } catch (IOException e) {
            ch.close();
            throw e;
        }
    }

    void send(String command) throws IOException {
        ByteBuffer b = ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.US_ASCII));
        while (b.hasRemaining()) {
            channel.write(b);
        }
    }

    /** The next line; fails when none comes before {@code deadline} (System.nanoTime) or the monitor hangs up. */
    String readLine(long deadline) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            while (in.hasRemaining()) {
                char c = (char) (in.get() & 0xff);
                if (c == '\n') {
                    return line.toString();
                }
                if (line.length() == MAX_LINE) {
                    throw new IOException("monitor sent a line over " + MAX_LINE + " bytes");
                }
                line.append(c);
            }
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new IOException("no line from the monitor in time (had '" + line + "')");
            }
            selector.select(left);
            in.clear();
            int n = channel.read(in);
            in.flip();
            if (n < 0) {
                throw new IOException("the monitor hung up");
            }
        }
    }

    /** Reads lines until one starts with {@code prefix}; returns it. */
    String readUntil(String prefix, long deadline) throws IOException {
        while (true) {
            String line = readLine(deadline);
            if (line.startsWith(prefix)) {
                return line;
            }
            if (line.startsWith("error ") || line.startsWith("refused ")) {
                throw new IOException("monitor said '" + line + "'");
            }
        }
    }

    @Override
    public void close() throws IOException {
        selector.close();
        channel.close();
    }
}
