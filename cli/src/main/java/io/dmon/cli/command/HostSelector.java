package io.dmon.cli.command;

import io.dmon.cli.CliException;
import io.dmon.proto.v1.RunRequest;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Which hosts {@code dmonctl run} starts the job on: named hosts, every UP host with all the given
 * labels, or every UP host. Exactly one of the three.
 */
final class HostSelector {
    private final List<String> hosts;
    private final Map<String, String> labels;
    private final boolean all;

    private HostSelector(List<String> hosts, Map<String, String> labels, boolean all) {
        this.hosts = hosts;
        this.labels = labels;
        this.all = all;
    }

    /**
     * The selector the options name.
     *
     * @param hosts  {@code --host} values, already split at commas
     * @param labels {@code --label} values, {@code KEY=VALUE} each, already split at commas
     * @param all    {@code --all-hosts}
     * @throws CliException (usage) unless exactly one kind is given, or for a malformed value
     */
    static HostSelector of(List<String> hosts, List<String> labels, boolean all) {
        int kinds = (hosts.isEmpty() ? 0 : 1) + (labels.isEmpty() ? 0 : 1) + (all ? 1 : 0);
        if (kinds != 1) {
            throw CliException.usage("run needs exactly one of --host, --label, --all-hosts"
                    + (kinds == 0 ? "" : " (got " + kinds + ")"));
        }
        LinkedHashSet<String> names = new LinkedHashSet<>();
        for (String host : hosts) {
            if (host.isBlank()) {
                throw CliException.usage("--host: empty host name");
            }
            names.add(host.trim());
        }
        return new HostSelector(List.copyOf(names), KeyValues.parse("--label", labels), all);
    }

    /** Sets the selector fields of {@code request}. */
    RunRequest.Builder applyTo(RunRequest.Builder request) {
        return request.addAllHosts(hosts).putAllLabels(labels).setAllHosts(all);
    }
}
