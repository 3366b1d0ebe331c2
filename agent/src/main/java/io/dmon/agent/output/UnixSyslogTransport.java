package io.dmon.agent.output;

import io.dmon.agent.process.Posix;
import io.dmon.agent.process.UnixDatagram;
import java.io.IOException;
import java.util.Map;

/**
 * The system logger's AF_UNIX datagram socket: {@code /dev/log}, or the path in
 * {@code $DSLOG_SOCKET} (for tests and containers).
 *
 * <p>Java has no AF_UNIX datagram sockets (only stream ones, which {@code /dev/log} refuses), so
 * sending goes through the native layer's {@link UnixDatagram}. The socket is opened on the
 * first send and kept; a failed send reports the errno, which dslog treats as "logger
 * unreachable" (console fallback with {@code -c}, otherwise the line is dropped).
 */
public final class UnixSyslogTransport implements SyslogTransport {
    /** Where syslog(3) sends. */
    public static final String DEFAULT_PATH = "/dev/log";
    /** Environment variable that overrides {@link #DEFAULT_PATH}. */
    public static final String SOCKET_ENV = "DSLOG_SOCKET";

    private final String path;
    private final Posix posix;
    private UnixDatagram socket;

    public UnixSyslogTransport(String path, Posix posix) {
        this.path = path;
        this.posix = posix;
    }

    /** The socket named by {@code $DSLOG_SOCKET} in {@code env}, else {@code /dev/log}. */
    public static UnixSyslogTransport fromEnvironment(Map<String, String> env, Posix posix) {
        String path = env.get(SOCKET_ENV);
        return new UnixSyslogTransport(path == null || path.isEmpty() ? DEFAULT_PATH : path, posix);
    }

    /** The socket's path. */
    public String path() {
        return path;
    }

    @Override
    public void send(byte[] datagram, int len) throws IOException {
        if (socket == null) {
            socket = UnixDatagram.open(posix);
        }
        socket.send(path, datagram, len);
    }
}
