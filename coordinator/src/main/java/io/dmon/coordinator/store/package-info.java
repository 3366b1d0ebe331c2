/**
 * The state coordinators share, behind small interfaces ({@link io.dmon.coordinator.store.JobStore},
 * {@link io.dmon.coordinator.store.StatusStore}, {@link io.dmon.coordinator.store.HostStore},
 * {@link io.dmon.coordinator.store.LogStore}, {@link io.dmon.coordinator.store.EventBus},
 * {@link io.dmon.coordinator.store.SignalBus}, {@link io.dmon.coordinator.store.GateStore},
 * {@link io.dmon.coordinator.store.ClusterView}) and their Hazelcast implementations. The only
 * package that imports {@code com.hazelcast}; values are stored as proto bytes, so Hazelcast needs
 * no serializers. The layout is listed on {@link io.dmon.coordinator.store.HazelcastFleetStore}.
 */
package io.dmon.coordinator.store;
