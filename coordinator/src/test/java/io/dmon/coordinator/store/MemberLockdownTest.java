package io.dmon.coordinator.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.EndpointQualifier;
import com.hazelcast.map.IMap;
import com.hazelcast.nio.serialization.HazelcastSerializationException;
import java.io.Serializable;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A coordinator's member against real Hazelcast peers: a Hazelcast client is turned away at the
 * member port, a member of another cluster name stays out, a public address is refused, and Java
 * deserialization lets in only the allowlist.
 */
class MemberLockdownTest {

    private static StoreSettings settings(String cluster, int port, List<String> peers) {
        return new StoreSettings(cluster, "127.0.0.1", port, peers, 1, 5, 100);
    }

    @Test
    void aHazelcastClientWithTheRightClusterNameIsRefusedAtTheMemberPort() throws Exception {
        int port = FreePorts.next();
        String cluster = "dmon-lockdown-" + port;
        try (HazelcastFleetStore member = HazelcastFleetStore.start(settings(cluster, port, List.of()))) {
            try (Socket raw = new Socket()) {
                raw.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
                assertThat(raw.isConnected()).as("the member port listens: a refusal is the protocol's").isTrue();
            }
            ClientConfig client = new ClientConfig().setClusterName(cluster);
            client.setProperty("hazelcast.phone.home.enabled", "false");
            client.setProperty("hazelcast.logging.type", "none");
            client.getNetworkConfig().addAddress("127.0.0.1:" + port).setSmartRouting(false);
            client.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(3_000)
                    .setInitialBackoffMillis(200).setMaxBackoffMillis(500);
            long started = System.nanoTime();
            assertThatThrownBy(() -> HazelcastClient.newHazelcastClient(client).shutdown())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("Unable to connect");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(60));
        }
    }

    @Test
    void theMemberOpensOnlyTheMemberEndpoint() throws Exception {
        Config config = MemberConfigFactory.create(settings("dmon-endpoints", 5701, List.of()));
        assertThat(config.getAdvancedNetworkConfig().isEnabled()).isTrue();
        assertThat(config.getAdvancedNetworkConfig().getEndpointConfigs().keySet())
                .containsExactly(EndpointQualifier.MEMBER);
        assertThat(config.getAdvancedNetworkConfig().getJoin().getMulticastConfig().isEnabled()).isFalse();
        assertThat(config.getAdvancedNetworkConfig().getJoin().getAutoDetectionConfig().isEnabled()).isFalse();
        assertThat(config.getProperty(MemberConfigFactory.PHONE_HOME)).isEqualTo("false");
    }

    @Test
    void aMemberOfAnotherClusterNameDoesNotJoin() throws Exception {
        int portA = FreePorts.next();
        int portB = FreePorts.next();
        try (HazelcastFleetStore a = HazelcastFleetStore.start(settings("dmon-a-" + portA, portA,
                List.of("127.0.0.1:" + portB)));
             HazelcastFleetStore b = HazelcastFleetStore.start(settings("dmon-b-" + portA, portB,
                     List.of("127.0.0.1:" + portA)))) {
            // Start returns once the joiner is done: each is alone.
            assertThat(a.cluster().members()).hasSize(1);
            assertThat(b.cluster().members()).hasSize(1);
            try (HazelcastFleetStore c = HazelcastFleetStore.start(settings("dmon-a-" + portA, FreePorts.next(),
                    List.of("127.0.0.1:" + portA)))) {
                assertThat(c.cluster().members()).as("the same name does join").hasSize(2);
            }
        }
    }

    @Test
    void aPublicOrWildcardAddressIsRefusedUnlessAllowed() {
        assertThatThrownBy(() -> MemberAddresses.check("8.8.8.8", List.of(), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is a public address");
        assertThatThrownBy(() -> MemberAddresses.check("0.0.0.0", List.of(), false))
                .hasMessageContaining("binds every interface");
        assertThatThrownBy(() -> MemberAddresses.check("10.0.0.5", List.of("10.0.0.6:5701", "[2001:db8::1]:5701"),
                false)).hasMessage("peer [2001:db8::1]:5701 is a public address and members have no TLS or "
                + "authentication: use a private network or a tunnel (or --hazelcast-public)");
        for (String ok : List.of("127.0.0.1", "10.1.2.3", "172.20.0.4", "192.168.1.9", "100.101.102.103", "169.254.1.1",
                "::1", "fd12:3456::1")) {
            MemberAddresses.check(ok, List.of("coordinator-2:5701", "192.168.1.10:5701"), false);
        }
        MemberAddresses.check("8.8.8.8", List.of("9.9.9.9:5701"), true);
        MemberAddresses.check("0.0.0.0", List.of(), true);
        assertThatThrownBy(() -> HazelcastFleetStore.start(new StoreSettings("dmon", "8.8.8.8", FreePorts.next(),
                List.of(), 1, 5, 100))).hasMessageContaining("is a public address");
    }

    @Test
    void javaDeserializationRefusesWhatIsNotAllowlisted() throws Exception {
        int port = FreePorts.next();
        HazelcastInstance member = Hazelcast.newHazelcastInstance(MemberConfigFactory.create(
                settings("dmon-serial-" + port, port, List.of())));
        try {
            IMap<String, Object> map = member.getMap("anything");
            map.put("gadget", new AtomicLong(42));
            assertThatThrownBy(() -> map.get("gadget")).isInstanceOf(HazelcastSerializationException.class)
                    .rootCause().isInstanceOf(SecurityException.class)
                    .hasMessage("Resolving class java.util.concurrent.atomic.AtomicLong is not allowed.");

            Ours ours = new Ours(new ArrayList<>(List.of("a", "b")), 7L);
            map.put("ours", ours);
            assertThat(map.get("ours")).as("our own classes and plain collections pass").isEqualTo(ours);
        } finally {
            member.shutdown();
        }
    }

    /** A serializable class of ours, holding what our edits capture. */
    record Ours(List<String> names, Long count) implements Serializable {
    }
}
