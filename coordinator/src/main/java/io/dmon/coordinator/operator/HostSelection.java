package io.dmon.coordinator.operator;

import io.dmon.coordinator.fleet.HostLiveness;
import io.dmon.coordinator.fleet.JobId;
import io.dmon.coordinator.fleet.RpcErrors;
import io.dmon.coordinator.store.HostStore;
import io.dmon.proto.v1.HostView;
import io.dmon.proto.v1.RunRequest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The hosts a Run starts its job on: named ones (each known and UP), or every UP host that matches. */
final class HostSelection {
    private final HostStore hosts;
    private final HostLiveness liveness;

    HostSelection(HostStore hosts, HostLiveness liveness) {
        this.hosts = hosts;
        this.liveness = liveness;
    }

    /** Host names in a stable order, never empty; throws the status that says why not. */
    List<String> select(RunRequest request) {
        int selectors = (request.getHostsCount() > 0 ? 1 : 0) + (request.getLabelsCount() > 0 ? 1 : 0)
                + (request.getAllHosts() ? 1 : 0);
        if (selectors != 1) {
            throw RpcErrors.invalid("give exactly one of hosts, labels, all hosts");
        }
        if (request.getHostsCount() > 0) {
            return named(request.getHostsList());
        }
        List<String> chosen = hosts.all().stream()
                .filter(liveness::isUp)
                .filter(h -> request.getAllHosts() || matches(h, request.getLabelsMap()))
                .sorted(Comparator.comparing(HostView::getName))
                .map(HostView::getName)
                .toList();
        if (chosen.isEmpty()) {
            throw RpcErrors.notFound(request.getAllHosts()
                    ? "no host is UP"
                    : "no UP host has labels " + labels(request.getLabelsMap()));
        }
        return chosen;
    }

    private List<String> named(List<String> names) {
        List<String> chosen = new ArrayList<>();
        for (String name : new LinkedHashSet<>(names)) {
            JobId.hostProblem(name).ifPresent(problem -> {
                throw RpcErrors.invalid(problem);
            });
            HostView host = hosts.get(name).orElseThrow(() -> RpcErrors.notFound("unknown host '" + name + "'"));
            if (!liveness.isUp(host)) {
                throw RpcErrors.failedPrecondition("host '" + name + "' is DOWN");
            }
            chosen.add(name);
        }
        return chosen;
    }

    private static boolean matches(HostView host, Map<String, String> labels) {
        return labels.entrySet().stream().allMatch(e -> e.getValue().equals(host.getLabelsMap().get(e.getKey())));
    }

    private static String labels(Map<String, String> labels) {
        return labels.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    }
}
