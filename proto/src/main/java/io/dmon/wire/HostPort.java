package io.dmon.wire;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@code HOST:PORT} address as given on a command line ({@code [::1]:7700} for IPv6): where a
 * coordinator listens, or where an agent dials one.
 *
 * @param host a name or an address, without brackets
 * @param port 0 to 65535 (0: any free port, where a listener allows it)
 */
public record HostPort(String host, int port) {
    public HostPort {
        if (host.isEmpty()) {
            throw new IllegalArgumentException("empty host");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not in 0..65535");
        }
    }

    /**
     * Parses {@code HOST:PORT} or {@code [V6ADDR]:PORT}, port 0 to 65535 (a listener's address).
     *
     * @throws IllegalArgumentException with a one-line message naming what is wrong
     */
    public static HostPort parse(String text) {
        String t = text.trim();
        int colon = t.lastIndexOf(':');
        if (colon <= 0 || colon == t.length() - 1) {
            throw new IllegalArgumentException("'" + text + "' is not HOST:PORT");
        }
        String host = t.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("'" + text + "': write an IPv6 address as [ADDRESS]:PORT");
        }
        int port;
        try {
            port = Integer.parseInt(t.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "': bad port '" + t.substring(colon + 1) + "'");
        }
        if (host.isEmpty() || port < 0 || port > 65535) {
            throw new IllegalArgumentException("'" + text + "': port " + port + " is not in 0..65535");
        }
        return new HostPort(host, port);
    }

    /** Parses an address to dial: as {@link #parse}, with a port from 1 to 65535. */
    public static HostPort parseDialable(String text) {
        HostPort address;
        try {
            address = parse(text);
        } catch (IllegalArgumentException e) {
            if (e.getMessage().contains(" is not in 0..65535")) {
                throw new IllegalArgumentException("'" + text + "' is not HOST:PORT with a port in 1..65535");
            }
            throw e;
        }
        if (address.port() == 0) {
            throw new IllegalArgumentException("'" + text + "' is not HOST:PORT with a port in 1..65535");
        }
        return address;
    }

    /** A comma-separated list of addresses to dial, in order; at least one. */
    public static List<HostPort> parseDialableList(String text) {
        List<HostPort> list = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            if (part.isBlank()) {
                throw new IllegalArgumentException("empty address in '" + text + "'");
            }
            list.add(parseDialable(part));
        }
        return list;
    }

    /** {@code host:port}, brackets around an IPv6 address: also a gRPC target. */
    @Override
    public String toString() {
        return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }
}
