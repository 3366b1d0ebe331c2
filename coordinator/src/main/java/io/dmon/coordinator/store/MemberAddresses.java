package io.dmon.coordinator.store;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Which addresses a coordinator's Hazelcast member may bind and dial. Open-source Hazelcast has
 * no TLS and no authentication between members: whoever reaches a member port with the cluster
 * name joins the cluster and reads and writes every job, with its {@code -E} values. So a member
 * binds and dials only private addresses (loopback, RFC 1918, link-local, 100.64/10 as used by
 * VPN overlays, IPv6 unique-local) unless told {@code --hazelcast-public}; a wildcard address
 * binds every interface, public ones included, and counts as public.
 */
public final class MemberAddresses {
    private MemberAddresses() {
    }

    /**
     * @param host        the address the member binds (a name is resolved here)
     * @param peers       the other members, {@code host:port}; names are left to Hazelcast (they
     *                    may not resolve yet while the cluster is being started), addresses checked
     * @param allowPublic {@code --hazelcast-public}
     * @throws IllegalArgumentException saying, in one line, which address is public and why that is refused
     */
    public static void check(String host, List<String> peers, boolean allowPublic) {
        if (allowPublic) {
            return;
        }
        InetAddress bind;
        try {
            bind = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("hazelcast host '" + host + "' does not resolve");
        }
        if (bind.isAnyLocalAddress()) {
            throw new IllegalArgumentException("hazelcast host " + host + " binds every interface, public ones "
                    + "included, and members have no TLS or authentication: give --hazelcast-host a private "
                    + "address of this machine (or --hazelcast-public to accept the risk)");
        }
        if (!isPrivate(bind)) {
            throw new IllegalArgumentException("hazelcast host " + host + " (" + bind.getHostAddress() + ") is a public "
                    + "address and members have no TLS or authentication: use a private network or a tunnel "
                    + "(or --hazelcast-public to accept the risk)");
        }
        for (String peer : peers) {
            String peerHost = peer.substring(0, Math.max(0, peer.lastIndexOf(':'))).replaceAll("^\\[|]$", "");
            InetAddress literal = literal(peerHost);
            if (literal != null && !isPrivate(literal)) {
                throw new IllegalArgumentException("peer " + peer + " is a public address and members have no TLS "
                        + "or authentication: use a private network or a tunnel (or --hazelcast-public)");
            }
        }
    }

    /** Loopback, RFC 1918, link-local, 100.64.0.0/10 (carrier-grade NAT, VPN overlays) or IPv6 fc00::/7. */
    static boolean isPrivate(InetAddress a) {
        if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            return (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
        }
        return a instanceof Inet6Address && (b[0] & 0xfe) == 0xfc;
    }

    /** The address when {@code host} is an IP literal (no lookup), else null. */
    private static InetAddress literal(String host) {
        boolean v4 = host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean v6 = host.contains(":") && host.matches("[0-9a-fA-F:.]+");
        if (!v4 && !v6) {
            return null;
        }
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
