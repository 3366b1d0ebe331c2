package io.dmon.cli.output;

import io.dmon.proto.v1.HostView;
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
     * {@code NAME STATE LOAD1 JOBS COORDINATOR LAST-SEEN LABELS}; last seen as an age ({@code 4s ago});
     * then a note per host whose agent reports a condition ({@code note: mail1: log spool: ...}).
     */
    public static String table(List<HostView> hosts, long nowMillis, OptionalInt width) {
        Table table = new Table("NAME", "STATE", "LOAD1", "JOBS", "COORDINATOR", "LAST-SEEN", "LABELS");
        for (HostView host : hosts) {
            StringJoiner labels = new StringJoiner(",");
            sorted(host.getLabelsMap()).forEach((k, v) -> labels.add(k + "=" + v));
            table.row(host.getName(), host.getUp() ? "UP" : "DOWN",
                    String.format(Locale.ROOT, "%.2f", host.getLoad1()),
                    Integer.toString(host.getJobs()),
                    host.getCoordinator().isEmpty() ? "-" : host.getCoordinator(),
                    host.getLastSeenUnixMs() <= 0 ? "-"
                            : HumanDuration.format((nowMillis - host.getLastSeenUnixMs()) / 1000) + " ago",
                    labels.length() == 0 ? "-" : labels.toString());
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
     * {@code last_seen_unix_ms, version, condition} (empty while the agent's disk writes work).
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
                    .name("condition").value(host.getCondition())
                    .endObject();
        }
        return w.endArray().toString() + "\n";
    }

    private static Map<String, String> sorted(Map<String, String> labels) {
        return new TreeMap<>(labels);
    }
}
