package io.dmon.coordinator.store;

/**
 * The state the coordinators share, one concern per part. Every part works the same through any
 * member: nothing assumes a single coordinator.
 */
public interface FleetStore extends AutoCloseable {
    JobStore jobs();

    StatusStore statuses();

    HostStore hosts();

    LogStore logs();

    EventBus events();

    SignalBus signals();

    /** Reads of hosts' kept lines routed to the coordinator holding the host's session. */
    LogReadBus logReads();

    GateStore gates();

    /** The coordinators of the cluster, as this member sees them. */
    ClusterView cluster();

    /** Leaves the cluster; the data stays with the other members (through its backups). */
    @Override
    void close();
}
