package io.dmon.agent.process;

import java.io.Closeable;
import java.io.IOException;

/**
 * An AF_UNIX datagram socket: what syslog's {@code /dev/log} speaks. The JDK only has stream
 * sockets for Unix domain addresses, hence the native layer.
 */
public final class UnixDatagram implements Closeable {
    private final Posix posix;
    private final int fd;
    private boolean closed;

    private UnixDatagram(Posix posix, int fd) {
        this.posix = posix;
        this.fd = fd;
    }

    /** An unbound socket for sending. */
    public static UnixDatagram open(Posix posix) throws PosixException {
        return new UnixDatagram(posix, posix.unixDatagramSocket());
    }

    /** A socket bound to {@code path}, for receiving (a syslog daemon, or a test standing in for one). */
    public static UnixDatagram bind(Posix posix, String path) throws PosixException {
        UnixDatagram socket = open(posix);
        try {
            posix.unixDatagramBind(socket.fd, path);
        } catch (PosixException e) {
            socket.close();
            throw e;
        }
        return socket;
    }

    /** Sends one datagram to the socket bound at {@code path}. */
    public void send(String path, byte[] buf, int len) throws PosixException {
        posix.unixDatagramSend(fd, path, buf, len);
    }

    /** Receives one datagram into {@code buf}: its length, or -1 when none came within the timeout. */
    public int receive(byte[] buf, int timeoutMillis) throws PosixException {
        return posix.unixDatagramReceive(fd, buf, timeoutMillis);
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            posix.close(fd);
        }
    }
}
