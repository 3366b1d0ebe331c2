package io.dmon.coordinator.store;

import com.hazelcast.config.AdvancedNetworkConfig;
import com.hazelcast.config.ClassFilter;
import com.hazelcast.config.EvictionConfig;
import com.hazelcast.config.EvictionPolicy;
import com.hazelcast.config.MaxSizePolicy;
import com.hazelcast.config.Config;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.RingbufferConfig;
import com.hazelcast.config.ServerSocketEndpointConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The Hazelcast member configuration of a coordinator. It never calls home and never multicasts:
 * phone-home, multicast and auto-detection are off, and the member joins only the explicit TCP-IP
 * members it is given.
 *
 * <p>Locked down, since open-source members have no TLS and no authentication: the member
 * speaks only the member protocol (no client, REST or memcache endpoint: a Hazelcast client could
 * otherwise read and edit every map), binds only the address given and only a private one unless
 * allowed ({@link MemberAddresses}), and deserializes with Java serialization only the classes
 * of {@link #javaSerializationAllowlist()}.
 */
final class MemberConfigFactory {
    static final String PHONE_HOME = "hazelcast.phone.home.enabled";

    private MemberConfigFactory() {
    }

    static Config create(StoreSettings settings) throws UnknownHostException {
        MemberAddresses.check(settings.host(), settings.peers(), settings.allowPublic());
        Config config = new Config();
        config.setClusterName(settings.clusterName());
        config.getSerializationConfig().setJavaSerializationFilterConfig(new JavaSerializationFilterConfig()
                .setDefaultsDisabled(true).setWhitelist(javaSerializationAllowlist()));
        config.setProperty(PHONE_HOME, "false");
        config.setProperty("hazelcast.logging.type", "jdk");
        config.setProperty("hazelcast.health.monitoring.level", "OFF");
        // The coordinator closes its member itself, after its agent sessions are handed back.
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        config.setProperty("hazelcast.graceful.shutdown.max.wait", "30");
        // A member killed with -9 (or its host gone) stalls every call on the partitions it owned
        // until it is declared dead: 60 s by Hazelcast's defaults, during which agents cannot
        // register anywhere. Heartbeats every second, dead after 10 s of silence; a member evicted
        // while hung merges back within seconds of waking instead of 5 minutes. Not lower: with 5 s,
        // a member hung for 5 s was evicted and merged back, and a job's history read through it
        // showed a gap of acknowledged lines (FleetFaultsContainerIT, measured).
        config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        config.setProperty("hazelcast.max.no.heartbeat.seconds", "10");
        config.setProperty("hazelcast.merge.first.run.delay.seconds", "10");
        config.setProperty("hazelcast.merge.next.run.delay.seconds", "10");
        network(config, settings);
        // Read by every member's Cluster view: where this coordinator is reached, since when.
        config.getMemberAttributeConfig()
                .setAttribute(HazelcastClusterView.GRPC_ADDRESS, settings.grpcAddress())
                .setAttribute(HazelcastClusterView.STARTED, Long.toString(settings.startedUnixMs()));
        config.getMapConfig("default").setBackupCount(settings.backupCount()).setAsyncBackupCount(0);
        config.getMapConfig(HazelcastGateStore.MAP).setBackupCount(settings.backupCount()).setAsyncBackupCount(0);
        // Removals are remembered for a week, and bounded in number too: a script that runs and
        // removes jobs in a loop must not fill the members. The least recently used go first.
        config.getMapConfig(HazelcastJobStore.REMOVALS).setBackupCount(settings.backupCount()).setAsyncBackupCount(0)
                .setEvictionConfig(new EvictionConfig().setEvictionPolicy(EvictionPolicy.LRU)
                        .setMaxSizePolicy(MaxSizePolicy.PER_NODE).setSize(HazelcastJobStore.REMOVALS_KEPT));
        config.getRingbufferConfig("default").setBackupCount(settings.backupCount()).setAsyncBackupCount(0);
        config.addRingBufferConfig(new RingbufferConfig(HazelcastLogStore.RING_PREFIX + "*")
                .setCapacity(settings.logCapacity()).setBackupCount(settings.backupCount()).setAsyncBackupCount(0));
        config.addRingBufferConfig(new RingbufferConfig(HazelcastEventBus.RING)
                .setCapacity(settings.eventCapacity()).setBackupCount(settings.backupCount()).setAsyncBackupCount(0));
        return config;
    }

    /**
     * What Java serialization may bring in: the serializable edits and their lambdas
     * ({@code io.dmon.}, {@link java.lang.invoke.SerializedLambda}), what those capture (protobuf
     * messages travel as {@code com.google.protobuf} serialized forms; {@code java.util}
     * collections; boxed values and the exceptions a remote call returns, of {@code java.lang}
     * itself), Hazelcast's own classes, and the arrays these hold. Everything else, the JDK's
     * other packages and every library's gadget classes, is refused. Hazelcast's defaults would
     * let in every {@code java*} class and every array.
     */
    static ClassFilter javaSerializationAllowlist() {
        return new ClassFilter()
                .addPrefixes("io.dmon.", "com.google.protobuf.", "com.hazelcast.")
                .addPackages("java.lang", "java.util")
                .addClasses("java.lang.invoke.SerializedLambda", "[B", "[Ljava.lang.Object;", "[Ljava.lang.String;",
                        "[Ljava.lang.StackTraceElement;", "[Ljava.lang.Throwable;");
    }

    private static void network(Config config, StoreSettings settings) throws UnknownHostException {
        // Only the member endpoint: the advanced network opens no other server socket (no client
        // protocol, no REST, no memcache), whatever Hazelcast's defaults for the plain network.
        AdvancedNetworkConfig network = config.getAdvancedNetworkConfig().setEnabled(true);
        ServerSocketEndpointConfig member = new ServerSocketEndpointConfig();
        member.setPort(settings.port()).setPortCount(1).setPortAutoIncrement(false);
        network.setMemberEndpointConfig(member);
        InetAddress address = InetAddress.getByName(settings.host());
        if (!address.isAnyLocalAddress()) {
            // Bind and announce this address only. Not through the interfaces list: with interfaces
            // enabled the TCP-IP joiner also drops every peer whose address matches none of them,
            // so members on other hosts (or containers) never even try to join each other.
            config.setProperty("hazelcast.local.localAddress", address.getHostAddress());
            config.setProperty("hazelcast.socket.bind.any", "false");
            member.setPublicAddress(address.getHostAddress() + ":" + settings.port());
        }
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true);
        // One "host:port" per member: Hazelcast refuses port ranges in a member entry.
        for (String peer : settings.peers()) {
            join.getTcpIpConfig().addMember(peer);
        }
    }
}
