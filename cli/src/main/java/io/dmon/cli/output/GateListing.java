package io.dmon.cli.output;

import io.dmon.proto.v1.Gate;
import io.dmon.proto.v1.GateView;
import io.dmon.proto.v1.Selector;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.StringJoiner;
import java.util.TreeMap;

/** {@code dmonctl gate}: fleet gates as a table, as JSON, and the one-line answers of add and rm. */
public final class GateListing {
    private GateListing() {
    }

    /**
     * {@code NAME WATCH METRIC VALUE STATE HELD SINCE NOTE}: VALUE is the watched value at the
     * last evaluation ({@code -} before any), SINCE the time since the state last changed.
     */
    public static String table(List<GateView> gates, long nowMillis, OptionalInt width) {
        Table table = new Table("NAME", "WATCH", "METRIC", "VALUE", "STATE", "HELD", "SINCE", "NOTE");
        for (GateView view : gates) {
            Gate gate = view.getGate();
            table.row(gate.getName(), watch(gate), metric(gate),
                    gate.getEvaluatedUnixMs() <= 0 ? "-" : number(gate.getValue()),
                    state(gate),
                    Integer.toString(view.getJobsHeld()),
                    gate.getChangedUnixMs() <= 0 ? "-" : HumanDuration.format((nowMillis - gate.getChangedUnixMs()) / 1000),
                    gate.getNote().isEmpty() ? "-" : gate.getNote());
        }
        return table.render(width);
    }

    /**
     * An array with one object per gate: {@code name, watch} (host, max or avg), {@code watch_host,
     * watch_labels} (an object), {@code metric} (load1 or a pressure metric), {@code high, low} (the low mark in force: high/2 when none was
     * given), {@code selector} (an object: {@code job_ids, host, tag, labels, all}), {@code state}
     * (OPEN or CLOSED), {@code value} (null before the first evaluation), {@code evaluated_unix_ms,
     * changed_unix_ms, jobs_held, note, created_by, created_unix_ms}.
     */
    public static String json(List<GateView> gates) {
        JsonWriter w = new JsonWriter().beginArray();
        for (GateView view : gates) {
            Gate gate = view.getGate();
            w.beginObject()
                    .name("name").value(gate.getName())
                    .name("watch").value(watchKind(gate))
                    .name("watch_host").value(gate.getWatchHost());
            pairs(w.name("watch_labels"), gate.getWatchLabelsMap());
            w.name("metric").value(metric(gate));
            w.name("high").value(gate.getHigh())
                    .name("low").value(low(gate));
            selector(w.name("selector"), gate.getSelector());
            w.name("state").value(state(gate));
            w.name("value");
            if (gate.getEvaluatedUnixMs() <= 0) {
                w.nullValue();
            } else {
                w.value(gate.getValue());
            }
            w.name("evaluated_unix_ms").value(gate.getEvaluatedUnixMs())
                    .name("changed_unix_ms").value(gate.getChangedUnixMs())
                    .name("jobs_held").value(view.getJobsHeld())
                    .name("note").value(gate.getNote())
                    .name("created_by").value(gate.getCreatedBy())
                    .name("created_unix_ms").value(gate.getCreatedUnixMs())
                    .endObject();
        }
        return w.endArray().toString() + "\n";
    }

    /** {@code added gate dbload: watch db1 load1, high 4.00, low 2.00 (OPEN, 0 jobs held)}. */
    public static String added(GateView view) {
        Gate gate = view.getGate();
        return "added gate " + gate.getName() + ": watch " + watch(gate) + " " + metric(gate) + ", high " + number(gate.getHigh())
                + ", low " + number(low(gate)) + " (" + state(gate) + ", " + held(view) + ")\n";
    }

    /** {@code removed gate dbload (3 jobs held until now)}. */
    public static String removed(GateView view) {
        return "removed gate " + view.getGate().getName() + " (" + held(view) + " until now)\n";
    }

    /** What a gate watches: a host's name, {@code max}, {@code avg}, or {@code max:role=db} with labels. */
    static String watch(Gate gate) {
        if (gate.getWatch() == Gate.Watch.HOST) {
            return gate.getWatchHost();
        }
        String kind = watchKind(gate);
        if (gate.getWatchLabelsCount() == 0) {
            return kind;
        }
        StringJoiner labels = new StringJoiner(",", kind + ":", "");
        new TreeMap<>(gate.getWatchLabelsMap()).forEach((k, v) -> labels.add(k + "=" + v));
        return labels.toString();
    }

    /** What the gate watches on each host: {@code load1} (also for a gate made before metrics), or a pressure metric. */
    static String metric(Gate gate) {
        return gate.getMetric().isEmpty() ? "load1" : gate.getMetric();
    }

    private static String watchKind(Gate gate) {
        return switch (gate.getWatch()) {
            case HOST -> "host";
            case MAX -> "max";
            case AVG -> "avg";
            default -> "unknown";
        };
    }

    private static String state(Gate gate) {
        return gate.getClosed() ? "CLOSED" : "OPEN";
    }

    private static double low(Gate gate) {
        return gate.hasLow() ? gate.getLow() : gate.getHigh() / 2;
    }

    private static String held(GateView view) {
        return view.getJobsHeld() + (view.getJobsHeld() == 1 ? " job" : " jobs") + " held";
    }

    static String number(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static void selector(JsonWriter w, Selector selector) {
        w.beginObject();
        w.name("job_ids").values(selector.getJobIdsList());
        w.name("host").value(selector.getHost())
                .name("tag").value(selector.getTag());
        pairs(w.name("labels"), selector.getLabelsMap());
        w.name("all").value(selector.getAll()).endObject();
    }

    private static void pairs(JsonWriter w, Map<String, String> pairs) {
        w.beginObject();
        new TreeMap<>(pairs).forEach((k, v) -> w.name(k).value(v));
        w.endObject();
    }
}
