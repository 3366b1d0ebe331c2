package io.dmon.coordinator.fleet;

import io.dmon.proto.v1.Job;
import io.dmon.proto.v1.Selector;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which jobs an operator means, checked: job ids alone, {@code --all} alone, or any of host, tag
 * and labels, every one given having to match. Built with {@link #of}, which refuses an empty or
 * mixed selector with INVALID_ARGUMENT; {@link #matches} then decides job by job.
 */
public final class JobSelector {
    public static final String EMPTY = "empty selector: give job ids, --host, --tag, --label or --all";

    private final Set<String> jobIds;
    private final Set<String> hosts;
    private final String tag;
    private final Map<String, String> labels;
    private final boolean all;

    private JobSelector(Selector selector) {
        this.jobIds = new LinkedHashSet<>(selector.getJobIdsList());
        this.hosts = new java.util.TreeSet<>(selector.getHostsList());
        if (!selector.getHost().isEmpty()) {
            this.hosts.add(selector.getHost());
        }
        this.tag = selector.getTag();
        this.labels = new TreeMap<>(selector.getLabelsMap());
        this.all = selector.getAll();
    }

    /**
     * The selector, checked.
     *
     * @throws Rejection INVALID saying what is wrong, in one line
     */
    public static JobSelector of(Selector selector) {
        JobSelector s = new JobSelector(selector);
        boolean filters = !s.hosts.isEmpty() || !s.tag.isEmpty() || !s.labels.isEmpty();
        if (s.jobIds.isEmpty() && !s.all && !filters) {
            throw RpcErrors.invalid(EMPTY);
        }
        if (!s.jobIds.isEmpty() && (s.all || filters)) {
            throw RpcErrors.invalid("job ids go alone, not with --host, --tag, --label or --all");
        }
        if (s.all && filters) {
            throw RpcErrors.invalid("--all goes alone, not with --host, --tag or --label");
        }
        for (String id : s.jobIds) {
            if (JobId.parse(id).isEmpty()) {
                throw RpcErrors.invalid("bad job id '" + id + "': expected NAME@HOST");
            }
        }
        for (String host : s.hosts) {
            JobId.hostProblem(host).ifPresent(problem -> {
                throw RpcErrors.invalid(problem);
            });
        }
        if (!s.tag.isEmpty() && s.tag.isBlank()) {
            throw RpcErrors.invalid("blank tag");
        }
        for (String key : s.labels.keySet()) {
            if (key.isBlank()) {
                throw RpcErrors.invalid("bad label '" + key + "=" + s.labels.get(key) + "': empty name");
            }
        }
        return s;
    }

    /** Whether it names its jobs by id (each must exist) rather than by what they are. */
    public boolean byIds() {
        return !jobIds.isEmpty();
    }

    /** The hosts named (--host), sorted; empty when none is. */
    public List<String> hosts() {
        return new ArrayList<>(hosts);
    }

    /** The ids named, each once, in the order first given; empty unless {@link #byIds()}. */
    public List<String> jobIds() {
        return new ArrayList<>(jobIds);
    }

    /**
     * Whether {@code job} is selected.
     *
     * @param hostLabels the labels of the job's host as its agent registered them (none when unknown)
     */
    public boolean matches(Job job, Map<String, String> hostLabels) {
        if (!jobIds.isEmpty()) {
            return jobIds.contains(job.getId());
        }
        if (all) {
            return true;
        }
        return (hosts.isEmpty() || hosts.contains(job.getHost()))
                && (tag.isEmpty() || job.getTagsList().contains(tag))
                && labels.entrySet().stream().allMatch(e -> e.getValue().equals(hostLabels.get(e.getKey())));
    }

    /** How dmonctl spells it: {@code --host db1 --tag batch --label role=db}, {@code --all}, or the ids. */
    public String describe() {
        if (!jobIds.isEmpty()) {
            return String.join(" ", jobIds);
        }
        if (all) {
            return "--all";
        }
        List<String> parts = new ArrayList<>();
        hosts.forEach(h -> parts.add("--host " + h));
        if (!tag.isEmpty()) {
            parts.add("--tag " + tag);
        }
        labels.forEach((k, v) -> parts.add("--label " + k + "=" + v));
        return String.join(" ", parts);
    }
}
