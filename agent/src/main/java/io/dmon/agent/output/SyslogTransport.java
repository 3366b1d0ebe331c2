package io.dmon.agent.output;

import java.io.IOException;

/** Delivers one syslog datagram to the system logger. */
public interface SyslogTransport {
    /**
     * Sends {@code datagram[0, len)} as one message. The array is reused by the caller: an
     * implementation must not keep it after returning.
     *
     * @throws IOException when the logger cannot be reached or refuses the message
     */
    void send(byte[] datagram, int len) throws IOException;
}
