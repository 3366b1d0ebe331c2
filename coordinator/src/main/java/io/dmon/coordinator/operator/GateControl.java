package io.dmon.coordinator.operator;

import io.dmon.coordinator.fleet.FleetEvents;
import io.dmon.coordinator.fleet.HostLiveness;
import io.dmon.coordinator.fleet.JobSelector;
import io.dmon.coordinator.fleet.RpcErrors;
import io.dmon.coordinator.gates.GateMetric;
import io.dmon.coordinator.gates.GatePolicy;
import io.dmon.coordinator.store.FleetStore;
import io.dmon.proto.v1.AddGateRequest;
import io.dmon.proto.v1.Gate;
import io.dmon.proto.v1.GateView;
import io.dmon.proto.v1.HostView;
import io.dmon.proto.v1.Job;
import io.dmon.proto.v1.JobEvent;
import io.dmon.proto.v1.RemoveGateRequest;
import io.dmon.spec.SpecException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * AddGate, ListGates, RemoveGate. A gate is checked whole before anything is stored, and stored
 * with the store's atomic create, so of two coordinators adding one name exactly one succeeds.
 * Its state (closed, value, note) is the evaluator's: a new gate starts OPEN.
 */
final class GateControl {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final FleetStore store;
    private final HostLiveness clock;

    GateControl(FleetStore store, HostLiveness clock) {
        this.store = store;
        this.clock = clock;
    }

    GateView add(AddGateRequest request) {
        Gate gate = checked(request.getGate());
        GateMetric metric = metric(gate);
        long now = clock.nowMs();
        String by = FleetEvents.who(request.getBy());
        Gate stored = Gate.newBuilder()
                .setName(gate.getName())
                .setWatch(gate.getWatch())
                .setWatchHost(gate.getWatchHost())
                .putAllWatchLabels(gate.getWatchLabelsMap())
                .setMetric(metric.name())
                .setHigh(gate.getHigh())
                .setLow(GatePolicy.low(gate))
                .setSelector(gate.getSelector())
                .setCreatedBy(by)
                .setCreatedUnixMs(now)
                .setChangedUnixMs(now)
                .build();
        if (!store.gates().create(stored)) {
            throw RpcErrors.alreadyExists("gate '" + gate.getName() + "' already exists");
        }
        store.events().publish(List.of(FleetEvents.ofGate(JobEvent.Kind.GATE_ADDED, stored.getName(),
                "added by " + by, now)));
        return GateView.newBuilder().setGate(stored).build();
    }

    /** Every gate by name, with how many jobs it holds now. */
    List<GateView> list() {
        Map<String, Long> held = store.jobs().all().stream().flatMap(j -> j.getGatesList().stream())
                .collect(Collectors.groupingBy(name -> name, Collectors.counting()));
        return store.gates().all().stream()
                .sorted(Comparator.comparing(Gate::getName))
                .map(g -> GateView.newBuilder().setGate(g).setJobsHeld(held.getOrDefault(g.getName(), 0L).intValue()).build())
                .toList();
    }

    /** Removes the gate and releases the jobs it held at once (the evaluator would on its next tick). */
    GateView remove(RemoveGateRequest request) {
        String name = request.getName();
        Gate gone = store.gates().remove(name).orElseThrow(() -> RpcErrors.notFound("unknown gate '" + name + "'"));
        int held = 0;
        for (Job job : store.jobs().all()) {
            if (job.getGatesList().contains(name)) {
                held++;
                store.jobs().update(job.getId(), j -> j.toBuilder().clearGates()
                        .addAllGates(j.getGatesList().stream().filter(n -> !n.equals(name)).toList()).build());
            }
        }
        store.events().publish(List.of(FleetEvents.ofGate(JobEvent.Kind.GATE_REMOVED, name,
                "removed by " + FleetEvents.who(request.getBy()), clock.nowMs())));
        return GateView.newBuilder().setGate(gone).setJobsHeld(held).build();
    }

    private static GateMetric metric(Gate gate) {
        try {
            return GateMetric.parse(gate.getMetric());
        } catch (SpecException e) {
            throw RpcErrors.invalid(e.getMessage());
        }
    }

    private Gate checked(Gate gate) {
        metric(gate);
        if (!NAME.matcher(gate.getName()).matches()) {
            throw RpcErrors.invalid("bad gate name '" + gate.getName() + "': use 1 to 64 letters, digits, '.', '_', '-'");
        }
        switch (gate.getWatch()) {
            case HOST -> {
                if (gate.getWatchHost().isEmpty()) {
                    throw RpcErrors.invalid("watch HOST needs a host name");
                }
                Optional<HostView> host = store.hosts().get(gate.getWatchHost());
                if (host.isEmpty()) {
                    throw RpcErrors.invalid("unknown host '" + gate.getWatchHost() + "'");
                }
                GateMetric metric = metric(gate);
                if (metric.read(host.get()).isEmpty()) {
                    // A gate on a figure the host does not give would never close.
                    throw RpcErrors.invalid("host '" + gate.getWatchHost() + "' reports no " + metric.name()
                            + " (its kernel has no pressure stall information, or not that line; or it has not"
                            + " sent a heartbeat yet)");
                }
                if (gate.getWatchLabelsCount() > 0) {
                    throw RpcErrors.invalid("watch labels go only with max or avg, not with a watched host");
                }
            }
            case MAX, AVG -> {
                if (!gate.getWatchHost().isEmpty()) {
                    throw RpcErrors.invalid("a watched host goes only with watch HOST, not with max or avg");
                }
            }
            default -> throw RpcErrors.invalid("no watch given: a host, max or avg");
        }
        if (!Double.isFinite(gate.getHigh()) || gate.getHigh() <= 0) {
            throw RpcErrors.invalid("bad high mark " + gate.getHigh() + ": give a number above 0");
        }
        if (gate.hasLow()) {
            if (!Double.isFinite(gate.getLow()) || gate.getLow() < 0) {
                throw RpcErrors.invalid("bad low mark " + gate.getLow() + ": give a number of 0 or more");
            }
            if (gate.getLow() > gate.getHigh()) {
                throw RpcErrors.invalid("low mark " + GatePolicy.mark(gate.getLow()) + " is above the high mark "
                        + GatePolicy.mark(gate.getHigh()));
            }
        }
        // Matching no job is fine for a gate: jobs may come later.
        JobSelector.of(gate.getSelector());
        return gate;
    }
}
