package io.dmon.agent.link;

import java.util.ArrayList;
import java.util.List;

/**
 * A coordinator's {@code HOST:PORT} ({@code [V6ADDR]:PORT} for IPv6).
 *
 * @param host a name or an address, without brackets
 */
public record CoordinatorAddress(String host, int port) {
    public CoordinatorAddress {
        if (host.isEmpty()) {
            throw new IllegalArgumentException("empty host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not in 1..65535");
        }
    }

    /**
     * Parses {@code HOST:PORT} or {@code [V6ADDR]:PORT}.
     *
     * @throws IllegalArgumentException with a one-line message naming what is wrong
     */
    public static CoordinatorAddress parse(String text) {
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
        if (host.isEmpty() || port < 1 || port > 65535) {
            throw new IllegalArgumentException("'" + text + "' is not HOST:PORT with a port in 1..65535");
        }
        return new CoordinatorAddress(host, port);
    }

    /** A comma-separated list, in order; at least one. */
    public static List<CoordinatorAddress> parseList(String text) {
        List<CoordinatorAddress> list = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            if (part.isBlank()) {
                throw new IllegalArgumentException("empty address in '" + text + "'");
            }
            list.add(parse(part));
        }
        return list;
    }

    /** The gRPC target: {@code host:port}, brackets around an IPv6 address. */
    @Override
    public String toString() {
        return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }
}
