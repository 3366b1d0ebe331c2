package io.dmon.cli.command;

import io.dmon.cli.CliException;
import io.dmon.cli.DmonCtl;
import io.dmon.cli.ExitCode;
import io.dmon.cli.follow.ForegroundRun;
import io.dmon.proto.v1.Job;
import io.dmon.proto.v1.RunRequest;
import io.dmon.proto.v1.RunResponse;
import io.dmon.spec.DmonUsage;
import io.dmon.spec.JobSpec;
import io.dmon.spec.JobSpecParser;
import io.dmon.spec.ParsedArgs;
import io.dmon.spec.SpecException;
import io.dmon.wire.JobSpecMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code dmonctl run}: starts a job on the selected hosts. Our own options come first; the first
 * word that is not one of them starts dmon's arguments, which go as they are to the parser that
 * {@code dmon} itself uses ({@link JobSpecParser}), so a job reads the same here as there.
 */
@Command(name = "run",
        customSynopsis = {
            "dmonctl run (--host H[,H...] | --label K=V[,K=V...] | --all-hosts)",
            "                   [--name NAME] [--tag TAG]... [--raw] [DMON-OPTIONS...]",
            "                   CMD [ARGS...] [-- LOGCMD [ARGS...]]"},
        description = {
            "Starts CMD under dmon supervision on each selected host, one job per host, and prints "
                    + "the job ids (NAME@HOST), one per line.",
            "",
            "dmonctl's options end at the first word it does not know: from there on every word "
                    + "is dmon's, read exactly as 'dmon' reads its command line (same options, same "
                    + "errors), then CMD, its arguments, and after '--' an optional log command. "
                    + "Words are passed as they are: '@file' is not expanded, and options after CMD "
                    + "belong to CMD.",
            "",
            "DMON_OPTIONS is NOT applied: a job started from here does not depend on this shell's "
                    + "environment. A '-C FILE' (first dmon word only) is read on this machine. Every "
                    + "path (-I, -p, -W, log files) and user (-u, -U) means something on the job's "
                    + "host.",
            "",
            "With -n the job is attached: its output (from its first line) is shown here, prefixed "
                    + "'JOB| ' when there are several hosts, and dmonctl exits when every job has "
                    + "finished (COMPLETED, FAILED, STOPPED or REFUSED) with the job's own exit status as dmon "
                    + "gives it: the exit code when CMD exited normally, 1 otherwise; with several "
                    + "hosts, the highest. Each respawn is said on standard error ('JOB respawned: "
                    + "run 3, pid 4321'). Ctrl-C, TERM or HUP stops the jobs, waits up to --timeout for "
                    + "them to stop, and exits 128 + the signal (130, 143, 129); a second signal "
                    + "leaves at once. The output is written byte for byte into a pipe or a file; on "
                    + "a terminal its control characters are made visible as 'dmonctl logs' does "
                    + "(ESC as \\e, ...), unless --raw.",
            ""},
        sortOptions = false)
public final class RunCommand implements Callable<Integer> {

    @ParentCommand
    private DmonCtl dmonctl;

    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--host", split = ",", paramLabel = "HOST", description = "Run on these hosts (repeatable).")
    private List<String> hosts = new ArrayList<>();

    @Option(names = "--label", split = ",", paramLabel = "KEY=VALUE",
            description = "Run on every UP host that has all these labels (repeatable).")
    private List<String> labels = new ArrayList<>();

    @Option(names = "--all-hosts", description = "Run on every UP host.")
    private boolean allHosts;

    @Option(names = "--name", paramLabel = "NAME",
            description = "The job's name (default: CMD's base name, made unique on each host).")
    private String name;

    @Option(names = "--tag", paramLabel = "TAG", description = "A tag for the job (repeatable).")
    private List<String> tags = new ArrayList<>();

    @Option(names = "--raw", description = "With -n: write the jobs' lines byte for byte on a terminal too, "
            + "control characters and escape sequences included.")
    private boolean raw;

    @Option(names = "--help", usageHelp = true, description = "Show this help (so does dmon's own -h).")
    private boolean help;

    @Parameters(paramLabel = "DMON-ARGS", description = "dmon's options, CMD, its arguments, '--', LOGCMD...")
    private List<String> words = new ArrayList<>();

    /**
     * Makes picocli stop at the first word that is not a {@code run} option and hand every word
     * from there, {@code --} included, to dmon's parser.
     */
    public static void configure(CommandLine run) {
        run.setStopAtPositional(true);
        run.setUnmatchedOptionsArePositionalParams(true);
        run.setExpandAtFiles(false);
        // No word can contain NUL, so "--" is never picocli's: "run --host a -- -x" must reach dmon's parser whole.
        run.setEndOfOptionsDelimiter("\0");
        run.getCommandSpec().usageMessage().footer(dmonOptionsFooter());
    }

    @Override
    public Integer call() {
        ParsedArgs parsed = null;
        SpecException bad = null;
        try {
            parsed = new JobSpecParser().parse(null, words);
        } catch (SpecException e) {
            bad = e;
        }
        if (parsed != null && parsed.action() == ParsedArgs.Action.HELP) {
            spec.commandLine().usage(dmonctl.context().out());
            return ExitCode.OK;
        }
        if (parsed != null && parsed.action() == ParsedArgs.Action.LIMITS_HELP) {
            dmonctl.context().out().print(DmonUsage.limitsHelp());
            return ExitCode.OK;
        }
        if (name != null && name.isEmpty()) {
            // On the wire an empty name means "the default": given on purpose, it is a mistake.
            throw CliException.usage("--name: empty job name");
        }
        if (bad != null && !words.isEmpty() && words.get(0).startsWith("-")) {
            // A misspelt option of ours (--hots) or one run does not have (--json) ends up first among
            // the dmon words: name it, rather than say that no host was given.
            throw CliException.usage(bad.getMessage());
        }
        HostSelector selector = HostSelector.of(hosts, labels, allHosts);
        if (bad != null) {
            throw CliException.usage(bad.getMessage());
        }
        JobSpec job = parsed.spec();
        if (!job.cgroups().equals("auto")) {
            // Never dropped silently: what holds a fleet job is its agent's choice, for all its jobs.
            throw CliException.usage("option -G: the agent chooses what holds its jobs (dmon-agent --cgroups), not a"
                    + " job");
        }
        RunRequest.Builder request = selector.applyTo(RunRequest.newBuilder())
                .setSpec(JobSpecMapper.toProto(job))
                .addAllTags(tags);
        if (name != null) {
            request.setName(name);
        }
        ForegroundRun attached = job.noDaemon() ? new ForegroundRun(dmonctl.context(), dmonctl.client(), raw) : null;
        RunResponse response = dmonctl.client().run(request.build());
        if (response.getJobsCount() == 0) {
            throw new CliException(ExitCode.FAILURE, "the coordinator started no job");
        }
        if (attached != null) {
            return attached.await(response.getJobsList());
        }
        for (Job started : response.getJobsList()) {
            dmonctl.context().out().println(started.getId());
        }
        return ExitCode.OK;
    }

    /** The width help texts are made for: the 80 columns of a default terminal, less one. */
    private static final int HELP_WIDTH = 79;

    /** dmon's option list, taken from dmon's own help so that the two never disagree. */
    private static String[] dmonOptionsFooter() {
        String usage = DmonUsage.usage();
        int start = usage.indexOf("Options:\n");
        int end = start < 0 ? -1 : usage.indexOf("\n\n", start);
        List<String> lines = new ArrayList<>();
        lines.add("dmon options (the grammar of 'dmon --help'; values are separate words, flags not bundled):");
        if (end > start) {
            for (String line : usage.substring(start + "Options:\n".length(), end).split("\n")) {
                // Footers are format strings to picocli, which would also wrap long lines without indent.
                for (String part : hangingWrap(line, HELP_WIDTH)) {
                    lines.add(part.replace("%", "%%"));
                }
            }
        }
        lines.add("");
        lines.add("Examples:");
        lines.add("  dmonctl run --host mail1 -1 -L 4.0 rsync -az /src /dst -- dlog -t /var/log/rsync");
        lines.add("  dmonctl run --label role=web --tag nightly -n -1 /usr/local/bin/warm-cache");
        lines.add("  dmonctl run --host db2 -P io=40 -P memory:full=10/5 /usr/local/bin/vacuum");
        lines.add("    (-P RES[:some|full][:avg10|avg60|avg300]=HIGH[/LOW]: paused while the host's");
        lines.add("    pressure stall information is over HIGH; defaults some, avg10, LOW half of HIGH)");
        return lines.toArray(new String[0]);
    }

    /** {@code line} in lines of at most {@code width}, continued under its second column. */
    static List<String> hangingWrap(String line, int width) {
        List<String> out = new ArrayList<>();
        int indent = 0;
        // The second column starts after the first run of two or more spaces that follows text.
        java.util.regex.Matcher gap = java.util.regex.Pattern.compile("\\S {2,}(?=\\S)").matcher(line);
        if (gap.find()) {
            indent = gap.end();
        }
        String rest = line;
        String pad = "";
        while ((pad + rest).length() > width && indent < width / 2) {
            String full = pad + rest;
            int cut = full.lastIndexOf(' ', width);
            if (cut <= Math.max(indent, pad.length())) {
                break;
            }
            out.add(full.substring(0, cut).stripTrailing());
            rest = full.substring(cut + 1).stripLeading();
            pad = " ".repeat(indent);
        }
        out.add(pad + rest);
        return out;
    }
}
