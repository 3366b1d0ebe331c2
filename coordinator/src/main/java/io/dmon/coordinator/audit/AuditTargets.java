package io.dmon.coordinator.audit;

import io.dmon.proto.v1.AddGateRequest;
import io.dmon.proto.v1.JobsRequest;
import io.dmon.proto.v1.AgentMessage;
import io.dmon.proto.v1.PauseRequest;
import io.dmon.proto.v1.RemoveGateRequest;
import io.dmon.proto.v1.RemoveRequest;
import io.dmon.proto.v1.ResumeRequest;
import io.dmon.proto.v1.RunRequest;
import io.dmon.proto.v1.Selector;
import io.dmon.proto.v1.SignalRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a request names, for its audit record, in dmonctl's spelling: job ids, a selector
 * ({@code --host db1 --tag batch}), a gate, hosts. A run is named by its hosts, its name and tags
 * and its program (the command's first word): never its arguments, environment (-E values), paths
 * or users, which may carry secrets. Every part is cut short: a refused request may be huge.
 */
public final class AuditTargets {
    /** Longest single value kept. */
    static final int MAX_VALUE = 256;
    /** Most list items kept (ids, hosts). */
    static final int MAX_ITEMS = 20;

    private AuditTargets() {
    }

    /** The target of {@code request}; empty for a request that names nothing to audit. */
    public static String of(Object request) {
        if (request instanceof RunRequest r) {
            return run(r);
        }
        if (request instanceof JobsRequest r) {
            return items(r.getJobIdsList(), " ");
        }
        if (request instanceof SignalRequest r) {
            return cut(r.getJobId()) + " signal " + r.getSignal();
        }
        if (request instanceof PauseRequest r) {
            return selector(r.getSelector()) + (r.getLeaseMs() > 0 ? " --for " + r.getLeaseMs() + "ms" : "");
        }
        if (request instanceof ResumeRequest r) {
            return selector(r.getSelector());
        }
        if (request instanceof RemoveRequest r) {
            return selector(r.getSelector()) + (r.getForce() ? " --force" : "");
        }
        if (request instanceof AddGateRequest r) {
            return "gate " + cut(r.getGate().getName()) + " " + selector(r.getGate().getSelector());
        }
        if (request instanceof RemoveGateRequest r) {
            return "gate " + cut(r.getName());
        }
        if (request instanceof AgentMessage m && m.hasRegister()) {
            return "host " + cut(m.getRegister().getName());
        }
        return "";
    }

    private static String run(RunRequest r) {
        List<String> parts = new ArrayList<>();
        if (r.getHostsCount() > 0) {
            parts.add("--host " + items(r.getHostsList(), ","));
        }
        if (r.getLabelsCount() > 0) {
            parts.add("--label " + labels(r.getLabelsMap()));
        }
        if (r.getAllHosts()) {
            parts.add("--all-hosts");
        }
        if (!r.getName().isEmpty()) {
            parts.add("--name " + cut(r.getName()));
        }
        r.getTagsList().stream().limit(MAX_ITEMS).forEach(tag -> parts.add("--tag " + cut(tag)));
        if (r.getSpec().getCommandCount() > 0) {
            parts.add("program " + cut(r.getSpec().getCommand(0)));
        }
        return String.join(" ", parts);
    }

    private static String selector(Selector s) {
        if (s.getJobIdsCount() > 0) {
            return items(s.getJobIdsList(), " ");
        }
        if (s.getAll()) {
            return "--all";
        }
        List<String> parts = new ArrayList<>();
        if (!s.getHost().isEmpty()) {
            parts.add("--host " + cut(s.getHost()));
        }
        if (!s.getTag().isEmpty()) {
            parts.add("--tag " + cut(s.getTag()));
        }
        if (s.getLabelsCount() > 0) {
            parts.add("--label " + labels(s.getLabelsMap()));
        }
        return String.join(" ", parts);
    }

    private static String items(List<String> values, String separator) {
        List<String> kept = new ArrayList<>();
        values.stream().limit(MAX_ITEMS).forEach(v -> kept.add(cut(v)));
        String more = values.size() > MAX_ITEMS ? " (" + (values.size() - MAX_ITEMS) + " more)" : "";
        return String.join(separator, kept) + more;
    }

    private static String labels(Map<String, String> labels) {
        List<String> kept = new ArrayList<>();
        new TreeMap<>(labels).entrySet().stream().limit(MAX_ITEMS)
                .forEach(e -> kept.add(cut(e.getKey()) + "=" + cut(e.getValue())));
        return String.join(",", kept);
    }

    private static String cut(String value) {
        return value.length() <= MAX_VALUE ? value : value.substring(0, MAX_VALUE) + "...";
    }
}
