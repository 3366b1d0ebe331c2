package io.dmon.deploy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for the fleets' coordinators to listen on, chosen below the kernel's ephemeral range
 * (32768 and up here). A port the kernel handed out as free (bind to 0) lies in that range, so
 * between the choice and the coordinator's bind any outgoing connection on the machine (an agent,
 * a Hazelcast member, dmonctl) may take it, and the coordinator then never answers. Below the
 * range only a listener can take a port, and no test picks one at random but through here.
 */
final class ListenPorts {
    private static final int LOWEST = 20_000;
    private static final int ABOVE_HIGHEST = 32_768;
    private static final Set<Integer> GIVEN = new HashSet<>();

    private ListenPorts() {
    }

    /** A port nothing listens on now (neither on loopback nor on every address), never given before in this JVM. */
    static synchronized int free() throws IOException {
        for (int tries = 0; tries < 1_000; tries++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, ABOVE_HIGHEST);
            if (!GIVEN.contains(port) && bindable(port)) {
                GIVEN.add(port);
                return port;
            }
        }
        throw new IOException("no free port between " + LOWEST + " and " + (ABOVE_HIGHEST - 1) + " after 1,000 tries");
    }

    private static boolean bindable(int port) {
        try (ServerSocket any = new ServerSocket(); ServerSocket loopback = new ServerSocket()) {
            any.bind(new InetSocketAddress(port));
            any.close();
            loopback.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
