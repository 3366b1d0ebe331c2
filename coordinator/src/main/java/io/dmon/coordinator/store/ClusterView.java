package io.dmon.coordinator.store;

import java.util.List;

/** The coordinators of the cluster as this member's Hazelcast membership sees them. */
public interface ClusterView {
    /** Every member, the oldest first (Hazelcast's member order, the same on every member). */
    List<CoordinatorMember> members();

    /**
     * Whether this member is the oldest: the one member that takes the cluster-wide decisions
     * (gate transitions). Two members may both think so for a moment while a split heals; what
     * they decide is written with compare-and-set, so neither decides twice.
     */
    boolean isOldest();

    /**
     * One member.
     *
     * @param hazelcastAddress its member address, {@code host:port}
     * @param grpcAddress      where agents and operators reach it (empty for a member that did not say)
     * @param startedUnixMs    when it started, by its own clock (0 when it did not say)
     * @param local            this member
     */
    record CoordinatorMember(String hazelcastAddress, String grpcAddress, long startedUnixMs, boolean local) {
    }
}
