package io.dmon.coordinator.gates;

import io.dmon.coordinator.fleet.JobSelector;
import io.dmon.proto.v1.Gate;
import io.dmon.proto.v1.HostView;
import io.dmon.proto.v1.Job;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which of the closed gates hold a job: the ones whose selector matches it. What {@code Job.gates}
 * must say, for the evaluator's reconciliation and for a job that Run creates.
 */
public final class GateHolds {
    private static final System.Logger LOG = System.getLogger(GateHolds.class.getName());

    private final List<Closed> closed;

    private record Closed(String name, JobSelector selector) {
    }

    private GateHolds(List<Closed> closed) {
        this.closed = closed;
    }

    /** The holds of the closed ones among {@code gates}. */
    public static GateHolds of(Collection<Gate> gates) {
        List<Closed> closed = new ArrayList<>();
        gates.stream().filter(Gate::getClosed).sorted(Comparator.comparing(Gate::getName)).forEach(gate -> {
            try {
                closed.add(new Closed(gate.getName(), JobSelector.of(gate.getSelector())));
            } catch (RuntimeException e) {
                // AddGate checked it; a gate written by a newer coordinator may say more than we read.
                LOG.log(Level.WARNING, "gate " + gate.getName() + ": selector not understood, holding nothing: "
                        + e.getMessage());
            }
        });
        return new GateHolds(closed);
    }

    /** Names of the closed gates that hold {@code job}, sorted. */
    public List<String> namesFor(Job job, Map<String, String> hostLabels) {
        List<String> names = new ArrayList<>();
        for (Closed gate : closed) {
            if (gate.selector.matches(job, hostLabels)) {
                names.add(gate.name);
            }
        }
        return names;
    }

    /** Every host's labels by name, for {@link #namesFor}. */
    public static Map<String, Map<String, String>> labelsByHost(Collection<HostView> hosts) {
        Map<String, Map<String, String>> out = new HashMap<>();
        hosts.forEach(h -> out.put(h.getName(), h.getLabelsMap()));
        return out;
    }
}
