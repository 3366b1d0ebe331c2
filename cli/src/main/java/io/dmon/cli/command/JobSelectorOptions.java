package io.dmon.cli.command;

import io.dmon.cli.CliException;
import io.dmon.cli.client.OperatorClient;
import io.dmon.proto.v1.Selector;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Which jobs a command means (pause, resume, gate add): job ids, or {@code --all}, or any of
 * {@code --host}, {@code --tag} and {@code --label} (a job must match every one given). A picocli
 * mixin: {@link Alone} where the job ids are the command's only positional parameters,
 * {@link AfterGateName} where a gate's NAME comes first. (One class cannot serve both: picocli
 * gives a multi-value positional parameter a fixed index range, ids may come between options,
 * and a mixin must hold every position up to its own.)
 * Checked here, before anything is sent, with the same rules the coordinators apply.
 */
public abstract class JobSelectorOptions {
    private static final String IDS = "Jobs by id (NAME@HOST, or NAME when on one host only); not with the "
            + "options below.";

    /** The job ids as given. */
    abstract List<String> jobIds();

    /** The mixin for a command whose positional parameters are all job ids. */
    public static final class Alone extends JobSelectorOptions {
        @Parameters(paramLabel = "JOB", arity = "0..*", index = "0..*", description = IDS)
        private List<String> jobIds = new ArrayList<>();

        @Override
        List<String> jobIds() {
            return jobIds;
        }
    }

    /** The mixin for {@code gate add}: the gate's NAME, then job ids. */
    public static final class AfterGateName extends JobSelectorOptions {
        @Parameters(index = "0", paramLabel = "NAME", description = "The gate's name: 1-64 of A-Z a-z 0-9 . _ -")
        private String name;

        @Parameters(paramLabel = "JOB", arity = "0..*", index = "1..*", description = IDS)
        private List<String> jobIds = new ArrayList<>();

        /** The gate's name as given. */
        String name() {
            return name;
        }

        @Override
        List<String> jobIds() {
            return jobIds;
        }
    }

    @Option(names = "--host", paramLabel = "HOST", description = "Jobs on HOST (repeatable: on any of them).")
    private List<String> hosts = new ArrayList<>();

    @Option(names = "--tag", paramLabel = "TAG", description = "Jobs run with --tag TAG.")
    private String tag;

    @Option(names = "--label", split = ",", paramLabel = "KEY=VALUE",
            description = "Jobs on hosts with this agent label (repeatable: all must match).")
    private List<String> labels = new ArrayList<>();

    @Option(names = "--all", description = "Every job; not with the other selectors.")
    private boolean all;

    /**
     * The selector the command line names.
     *
     * @throws CliException (usage) for an empty selector, ids or {@code --all} combined with
     *                      anything else, or a malformed value
     */
    public Selector selector() {
        List<String> jobIds = jobIds();
        boolean filters = !hosts.isEmpty() || tag != null || !labels.isEmpty();
        if (jobIds.isEmpty() && !all && !filters) {
            throw CliException.usage("empty selector: give job ids, --host, --tag, --label or --all");
        }
        if (!jobIds.isEmpty() && (all || filters)) {
            throw CliException.usage("job ids go alone: not with " + others(all) + " (got " + jobIds.get(0) + ")");
        }
        if (all && filters) {
            throw CliException.usage("--all goes alone: not with " + others(false));
        }
        Selector.Builder selector = Selector.newBuilder().setAll(all);
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        for (String id : jobIds) {
            if (id.isBlank()) {
                throw CliException.usage("empty job id");
            }
            ids.add(id.trim());
        }
        selector.addAllJobIds(ids);
        LinkedHashSet<String> hostSet = new LinkedHashSet<>();
        for (String host : hosts) {
            hostSet.add(nonBlank("--host", host));
        }
        if (!hostSet.isEmpty()) {
            // The first as host too: a coordinator that knows no hosts field then selects less, never more.
            selector.setHost(hostSet.iterator().next());
            if (hostSet.size() > 1) {
                selector.addAllHosts(hostSet);
            }
        }
        if (tag != null) {
            selector.setTag(nonBlank("--tag", tag));
        }
        selector.putAllLabels(KeyValues.parse("--label", labels));
        return selector.build();
    }

    /**
     * {@link #selector()} with bare job names made {@code NAME@HOST} (see {@link JobNames}).
     */
    public Selector selector(OperatorClient client) {
        return JobNames.resolve(client, selector());
    }

    /** {@link #selectorOrNone()} with bare job names made {@code NAME@HOST}. */
    public Selector selectorOrNone(OperatorClient client) {
        Selector selector = selectorOrNone();
        return selector == null ? null : JobNames.resolve(client, selector);
    }

    /** The mixin for {@code signal}: job ids, then the signal last. */
    public static final class BeforeSignal extends JobSelectorOptions {
        @Parameters(paramLabel = "JOB... SIG", arity = "1..*",
                description = "Jobs by id (NAME@HOST, or NAME when on one host only), then the signal.")
        private List<String> words = new ArrayList<>();

        /** The signal as given: the last word. */
        String signal() {
            return words.get(words.size() - 1);
        }

        @Override
        List<String> jobIds() {
            return words.subList(0, words.size() - 1);
        }
    }

    /**
     * The selector the command line names, or null when it names none (where a command takes
     * that to mean every job).
     *
     * @throws CliException as {@link #selector()} does
     */
    public Selector selectorOrNone() {
        if (jobIds().isEmpty() && !all && hosts.isEmpty() && tag == null && labels.isEmpty()) {
            return null;
        }
        return selector();
    }

    /** The selector options given besides job ids, as they were spelled. */
    private String others(boolean withAll) {
        List<String> given = new ArrayList<>();
        if (!hosts.isEmpty()) {
            given.add("--host");
        }
        if (tag != null) {
            given.add("--tag");
        }
        if (!labels.isEmpty()) {
            given.add("--label");
        }
        if (withAll) {
            given.add("--all");
        }
        return String.join(", ", given);
    }

    private static String nonBlank(String option, String value) {
        if (value.isBlank()) {
            throw CliException.usage(option + ": empty value");
        }
        return value.trim();
    }
}
