package io.dmon.coordinator.store;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.RingbufferConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The Hazelcast member configuration of a coordinator. It never calls home and never multicasts:
 * phone-home, multicast and auto-detection are off, and the member joins only the explicit TCP-IP
 * members it is given.
 */
final class MemberConfigFactory {
    static final String PHONE_HOME = "hazelcast.phone.home.enabled";

    private MemberConfigFactory() {
    }

    static Config create(StoreSettings settings) throws UnknownHostException {
        Config config = new Config();
        config.setClusterName(settings.clusterName());
        config.setProperty(PHONE_HOME, "false");
        config.setProperty("hazelcast.logging.type", "jdk");
        config.setProperty("hazelcast.health.monitoring.level", "OFF");
        // The coordinator closes its member itself, after its agent sessions are handed back.
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        config.setProperty("hazelcast.graceful.shutdown.max.wait", "30");
        network(config.getNetworkConfig(), settings);
        // Read by every member's Cluster view: where this coordinator is reached, since when.
        config.getMemberAttributeConfig()
                .setAttribute(HazelcastClusterView.GRPC_ADDRESS, settings.grpcAddress())
                .setAttribute(HazelcastClusterView.STARTED, Long.toString(settings.startedUnixMs()));
        config.getMapConfig("default").setBackupCount(settings.backupCount()).setAsyncBackupCount(0);
        config.getMapConfig(HazelcastGateStore.MAP).setBackupCount(settings.backupCount()).setAsyncBackupCount(0);
        config.getRingbufferConfig("default").setBackupCount(settings.backupCount()).setAsyncBackupCount(0);
        config.addRingBufferConfig(new RingbufferConfig(HazelcastLogStore.RING_PREFIX + "*")
                .setCapacity(settings.logCapacity()).setBackupCount(settings.backupCount()).setAsyncBackupCount(0));
        config.addRingBufferConfig(new RingbufferConfig(HazelcastEventBus.RING)
                .setCapacity(settings.eventCapacity()).setBackupCount(settings.backupCount()).setAsyncBackupCount(0));
        return config;
    }

    private static void network(NetworkConfig network, StoreSettings settings) throws UnknownHostException {
        network.setPort(settings.port()).setPortCount(1).setPortAutoIncrement(false);
        InetAddress address = InetAddress.getByName(settings.host());
        if (!address.isAnyLocalAddress()) {
            network.getInterfaces().setEnabled(true).addInterface(address.getHostAddress());
            network.setPublicAddress(address.getHostAddress() + ":" + settings.port());
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
