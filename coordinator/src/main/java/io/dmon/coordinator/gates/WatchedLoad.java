package io.dmon.coordinator.gates;

import io.dmon.coordinator.fleet.HostLiveness;
import io.dmon.proto.v1.Gate;
import io.dmon.proto.v1.HostView;
import io.dmon.wire.CompactDuration;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Reads what a gate watches from the hosts as stored: one host's 1-minute load, or the highest
 * or mean of the UP hosts having all the watch labels. A watched host that is DOWN keeps its last
 * load for the grace period (nothing is decided on it meanwhile) and then counts as below the low
 * mark: a host that stopped reporting must not hold a gate closed for ever.
 */
public final class WatchedLoad {
    private final HostLiveness liveness;
    private final Duration downGrace;

    /**
     * What was read.
     *
     * @param value     the watched value (for a DOWN host, its last load)
     * @param subject   what it is, for causes: {@code db1 load1}, {@code max load1 of role=db}
     * @param note      what is unusual about it, or empty
     * @param decides   false while a DOWN watched host is within its grace: nothing changes then
     * @param countsLow a DOWN watched host past its grace: the gate opens whatever the value
     */
    public record Reading(double value, String subject, String note, boolean decides, boolean countsLow) {
    }

    public WatchedLoad(HostLiveness liveness, Duration downGrace) {
        this.liveness = liveness;
        this.downGrace = downGrace;
    }

    public Reading read(Gate gate, Map<String, HostView> hosts) {
        return gate.getWatch() == Gate.Watch.HOST ? host(gate.getWatchHost(), hosts) : fleet(gate, hosts);
    }

    private Reading host(String name, Map<String, HostView> hosts) {
        String subject = name + " load1";
        Optional<HostView> host = Optional.ofNullable(hosts.get(name));
        if (host.isPresent() && liveness.isUp(host.get())) {
            return new Reading(host.get().getLoad1(), subject, "", true, false);
        }
        double last = host.map(HostView::getLoad1).orElse(0.0);
        long downMs = host.map(h -> Math.max(0, liveness.nowMs() - h.getLastSeenUnixMs())).orElse(Long.MAX_VALUE);
        String downFor = host.isEmpty() ? name + " never seen" : name + " DOWN for " + CompactDuration.of(downMs / 1000 * 1000);
        if (downMs >= downGrace.toMillis()) {
            return new Reading(last, subject, downFor + ": counted below the low mark", true, true);
        }
        return new Reading(last, subject, downFor + ": counted below the low mark after "
                + CompactDuration.of(downGrace.toMillis()), false, false);
    }

    private Reading fleet(Gate gate, Map<String, HostView> hosts) {
        Map<String, String> labels = new TreeMap<>(gate.getWatchLabelsMap());
        String subject = (gate.getWatch() == Gate.Watch.MAX ? "max" : "avg") + " load1" + (labels.isEmpty() ? ""
                : " of " + labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(",")));
        List<Double> loads = hosts.values().stream()
                .filter(liveness::isUp)
                .filter(h -> labels.entrySet().stream().allMatch(e -> e.getValue().equals(h.getLabelsMap().get(e.getKey()))))
                .map(HostView::getLoad1)
                .toList();
        if (loads.isEmpty()) {
            return new Reading(0, subject, "no UP host watched", true, false);
        }
        double value = gate.getWatch() == Gate.Watch.MAX
                ? loads.stream().mapToDouble(Double::doubleValue).max().orElse(0)
                : loads.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        return new Reading(value, subject, "", true, false);
    }
}
