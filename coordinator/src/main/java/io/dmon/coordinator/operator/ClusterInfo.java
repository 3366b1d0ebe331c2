package io.dmon.coordinator.operator;

import io.dmon.coordinator.fleet.HostLiveness;
import io.dmon.coordinator.store.ClusterView.CoordinatorMember;
import io.dmon.coordinator.store.FleetStore;
import io.dmon.proto.v1.ClusterMember;
import io.dmon.proto.v1.HostView;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Cluster: the coordinators in Hazelcast's member order, each with the UP agents whose session it holds. */
final class ClusterInfo {
    private final FleetStore store;
    private final HostLiveness liveness;

    ClusterInfo(FleetStore store, HostLiveness liveness) {
        this.store = store;
        this.liveness = liveness;
    }

    List<ClusterMember> members() {
        Map<String, Long> agents = store.hosts().all().stream()
                .filter(liveness::isUp)
                .collect(Collectors.groupingBy(HostView::getCoordinator, Collectors.counting()));
        return store.cluster().members().stream().map(m -> member(m, agents)).toList();
    }

    private static ClusterMember member(CoordinatorMember m, Map<String, Long> agents) {
        return ClusterMember.newBuilder()
                .setHazelcastAddress(m.hazelcastAddress())
                .setGrpcAddress(m.grpcAddress())
                .setStartedUnixMs(m.startedUnixMs())
                .setAgents(m.grpcAddress().isEmpty() ? 0 : agents.getOrDefault(m.grpcAddress(), 0L).intValue())
                .setAnswering(m.local())
                .build();
    }
}
