package io.dmon.cli.output;

import io.dmon.proto.v1.HostPressure;
import io.dmon.proto.v1.HostView;
import io.dmon.proto.v1.PressureAverages;
import io.dmon.proto.v1.ResourcePressure;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.StringJoiner;
import java.util.TreeMap;

/** {@code dmonctl hosts}: hosts as a table or as JSON. */
public final class HostListing {
    private HostListing() {
    }

    /**
     * {@code NAME STATE LOAD1 JOBS COORDINATOR LAST-SEEN LABELS PSI}; last seen as an age
     * ({@code 4s ago}); PSI the 10-second averages of the some lines ({@code cpu 1.2 io 40.0 mem 0.0},
     * {@code -} for a host without pressure stall information), last because it has spaces in it
     * (scripts that split rows on blanks keep their columns); then a note per host whose agent
     * reports a condition ({@code note: mail1: log spool: ...}).
     */
    public static String table(List<HostView> hosts, long nowMillis, OptionalInt width) {
        Table table = new Table("NAME", "STATE", "LOAD1", "JOBS", "COORDINATOR", "LAST-SEEN", "LABELS", "PSI");
        for (HostView host : hosts) {
            StringJoiner labels = new StringJoiner(",");
            sorted(host.getLabelsMap()).forEach((k, v) -> labels.add(k + "=" + v));
            table.row(host.getName(), host.getUp() ? "UP" : "DOWN",
                    String.format(Locale.ROOT, "%.2f", host.getLoad1()),
                    Integer.toString(host.getJobs()),
                    host.getCoordinator().isEmpty() ? "-" : host.getCoordinator(),
                    host.getLastSeenUnixMs() <= 0 ? "-"
                            : HumanDuration.format((nowMillis - host.getLastSeenUnixMs()) / 1000) + " ago",
                    labels.length() == 0 ? "-" : labels.toString(),
                    psi(host));
        }
        StringBuilder notes = new StringBuilder();
        for (HostView host : hosts) {
            if (!host.getCondition().isEmpty()) {
                notes.append("note: ").append(host.getName()).append(": ").append(host.getCondition()).append('\n');
            }
        }
        return table.render(width) + notes;
    }

    /**
     * An array with one object per host: {@code name, state} (UP or DOWN), {@code load1, jobs,
     * coordinator, labels} (an object), {@code last_seen} (ISO-8601 UTC, null when never seen),
     * {@code last_seen_unix_ms, version, condition} (empty while the agent's disk writes work),
     * {@code pressure} (null without pressure stall information, else an object with {@code cpu,
     * io, memory}, each null when unread or {@code some} and {@code full}, each null when absent
     * or {@code avg10, avg60, avg300}). Pressure comes last: a field added after the others.
     */
    public static String json(List<HostView> hosts) {
        JsonWriter w = new JsonWriter().beginArray();
        for (HostView host : hosts) {
            w.beginObject()
                    .name("name").value(host.getName())
                    .name("state").value(host.getUp() ? "UP" : "DOWN")
                    .name("load1").value(host.getLoad1())
                    .name("jobs").value(host.getJobs())
                    .name("coordinator").value(host.getCoordinator());
            w.name("labels").beginObject();
            sorted(host.getLabelsMap()).forEach((k, v) -> w.name(k).value(v));
            w.endObject();
            w.name("last_seen");
            if (host.getLastSeenUnixMs() <= 0) {
                w.nullValue();
            } else {
                w.value(Instant.ofEpochMilli(host.getLastSeenUnixMs()).toString());
            }
            w.name("last_seen_unix_ms").value(host.getLastSeenUnixMs())
                    .name("version").value(host.getVersion())
                    .name("condition").value(host.getCondition());
            pressure(w.name("pressure"), host);
            w.endObject();
        }
        return w.endArray().toString() + "\n";
    }

    /** {@code cpu 1.2 io 40.0 mem 0.0}: each resource's some avg10, as far as the host gives them. */
    static String psi(HostView host) {
        if (!host.hasPressure()) {
            return "-";
        }
        HostPressure p = host.getPressure();
        StringJoiner out = new StringJoiner(" ");
        if (p.hasCpu()) {
            out.add("cpu " + tenth(p.getCpu().getSome().getAvg10()));
        }
        if (p.hasIo()) {
            out.add("io " + tenth(p.getIo().getSome().getAvg10()));
        }
        if (p.hasMemory()) {
            out.add("mem " + tenth(p.getMemory().getSome().getAvg10()));
        }
        return out.length() == 0 ? "-" : out.toString();
    }

    private static String tenth(double percent) {
        return String.format(Locale.ROOT, "%.1f", percent);
    }

    private static void pressure(JsonWriter w, HostView host) {
        if (!host.hasPressure()) {
            w.nullValue();
            return;
        }
        HostPressure p = host.getPressure();
        w.beginObject();
        resource(w.name("cpu"), p.hasCpu() ? p.getCpu() : null);
        resource(w.name("io"), p.hasIo() ? p.getIo() : null);
        resource(w.name("memory"), p.hasMemory() ? p.getMemory() : null);
        w.endObject();
    }

    private static void resource(JsonWriter w, ResourcePressure r) {
        if (r == null) {
            w.nullValue();
            return;
        }
        w.beginObject();
        averages(w.name("some"), r.hasSome() ? r.getSome() : null);
        averages(w.name("full"), r.hasFull() ? r.getFull() : null);
        w.endObject();
    }

    private static void averages(JsonWriter w, PressureAverages a) {
        if (a == null) {
            w.nullValue();
            return;
        }
        w.beginObject().name("avg10").value(a.getAvg10()).name("avg60").value(a.getAvg60())
                .name("avg300").value(a.getAvg300()).endObject();
    }

    private static Map<String, String> sorted(Map<String, String> labels) {
        return new TreeMap<>(labels);
    }
}
