package io.dmon.coordinator.gates;

import io.dmon.coordinator.fleet.HostLiveness;
import io.dmon.proto.v1.Gate;
import io.dmon.proto.v1.HostView;
import io.dmon.wire.CompactDuration;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Reads what a gate watches from the hosts as stored: one host's metric (its 1-minute load, or a
 * figure of its pressure stall information), or the highest or mean of the UP hosts having all
 * the watch labels. A watched host that is DOWN keeps its last value for the grace period
 * (nothing is decided on it meanwhile) and then counts as below the low mark: a host that stopped
 * reporting must not hold a gate closed for ever. A host that gives no such figure (no PSI) is
 * left out of max and avg; watched alone, it decides nothing until it gives one.
 */
public final class WatchedLoad {
    private final HostLiveness liveness;
    private final Duration downGrace;

    /**
     * What was read.
     *
     * @param value     the watched value (for a DOWN host, its last one)
     * @param subject   what it is, for causes: {@code db1 load1}, {@code max io.some.avg10 of role=db}
     * @param note      what is unusual about it, or empty
     * @param decides   false while a DOWN watched host is within its grace, or gives no such figure:
     *                  nothing changes then
     * @param countsLow a DOWN watched host past its grace: the gate opens whatever the value
     */
    public record Reading(double value, String subject, String note, boolean decides, boolean countsLow) {
    }

    public WatchedLoad(HostLiveness liveness, Duration downGrace) {
        this.liveness = liveness;
        this.downGrace = downGrace;
    }

    public Reading read(Gate gate, Map<String, HostView> hosts) {
        Optional<GateMetric> metric = GateMetric.of(gate);
        if (metric.isEmpty()) {
            // Checked when the gate was added: only a newer coordinator's gate gets here.
            return new Reading(0, gate.getName(), "unknown metric '" + gate.getMetric() + "': nothing decided",
                    false, false);
        }
        return gate.getWatch() == Gate.Watch.HOST ? host(gate.getWatchHost(), metric.get(), hosts)
                : fleet(gate, metric.get(), hosts);
    }

    private Reading host(String name, GateMetric metric, Map<String, HostView> hosts) {
        String subject = name + " " + metric.name();
        Optional<HostView> host = Optional.ofNullable(hosts.get(name));
        if (host.isPresent() && liveness.isUp(host.get())) {
            OptionalDouble value = metric.read(host.get());
            if (value.isEmpty()) {
                return new Reading(0, subject, name + " reports no " + metric.name()
                        + " (no pressure stall information): nothing decided", false, false);
            }
            return new Reading(value.getAsDouble(), subject, "", true, false);
        }
        double last = host.map(h -> metric.read(h).orElse(0)).orElse(0.0);
        long downMs = host.map(h -> Math.max(0, liveness.nowMs() - h.getLastSeenUnixMs())).orElse(Long.MAX_VALUE);
        String downFor = host.isEmpty() ? name + " never seen" : name + " DOWN for " + CompactDuration.of(downMs / 1000 * 1000);
        if (downMs >= downGrace.toMillis()) {
            return new Reading(last, subject, downFor + ": counted below the low mark", true, true);
        }
        return new Reading(last, subject, downFor + ": counted below the low mark after "
                + CompactDuration.of(downGrace.toMillis()), false, false);
    }

    private Reading fleet(Gate gate, GateMetric metric, Map<String, HostView> hosts) {
        Map<String, String> labels = new TreeMap<>(gate.getWatchLabelsMap());
        String subject = (gate.getWatch() == Gate.Watch.MAX ? "max" : "avg") + " " + metric.name()
                + (labels.isEmpty() ? "" : " of " + labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(",")));
        List<HostView> watched = hosts.values().stream()
                .filter(liveness::isUp)
                .filter(h -> labels.entrySet().stream().allMatch(e -> e.getValue().equals(h.getLabelsMap().get(e.getKey()))))
                .toList();
        if (watched.isEmpty()) {
            return new Reading(0, subject, "no UP host watched", true, false);
        }
        List<Double> values = watched.stream().map(metric::read).filter(OptionalDouble::isPresent)
                .map(OptionalDouble::getAsDouble).toList();
        if (values.isEmpty()) {
            return new Reading(0, subject, "no UP host watched reports " + metric.name(), true, false);
        }
        int without = watched.size() - values.size();
        String note = without == 0 ? "" : without + (without == 1 ? " UP host" : " UP hosts") + " without "
                + metric.name() + " left out";
        double value = gate.getWatch() == Gate.Watch.MAX
                ? values.stream().mapToDouble(Double::doubleValue).max().orElse(0)
                : values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        return new Reading(value, subject, note, true, false);
    }
}
