package io.dmon.cli.command;

import io.dmon.cli.CliContext;
import io.dmon.cli.CliException;
import io.dmon.cli.DmonCtl;
import io.dmon.cli.ExitCode;
import io.dmon.cli.follow.FollowToEnd;
import io.dmon.cli.follow.LogFollower;
import io.dmon.cli.output.JsonLogLines;
import io.dmon.cli.output.LinePrinter;
import io.dmon.cli.output.LogOutput;
import io.dmon.proto.v1.ListJobsRequest;
import io.dmon.proto.v1.LogsRequest;
import io.dmon.proto.v1.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code dmonctl logs}: what jobs printed. */
@Command(name = "logs", mixinStandardHelpOptions = true,
        description = {
            "Prints the last lines of the jobs' output, and with -f new lines as they come, until "
                    + "Ctrl-C. Choose jobs by id (NAME alone when on one host), --host, --tag, --label, "
                    + "or --all (--tag, --label and several --host: the jobs that match when asked). "
                    + "With -f and jobs by id, "
                    + "dmonctl ends (status 0) once every one of them has finished (COMPLETED, FAILED, "
                    + "STOPPED) and its last lines are shown.",
            "With -f, when the coordinator goes away the lines are followed on through another "
                    + "(--coordinator), without repeats; lines printed meanwhile are recovered as far "
                    + "as -n reaches back.",
            "One JOB: its lines as they are. Otherwise lines of all the jobs, in the order the "
                    + "coordinator merges them (time order), each starting with 'JOB| ' (coloured "
                    + "per job on a terminal, unless NO_COLOR is set).",
            "Into a pipe or a file, lines are written byte for byte as the job wrote them. On a "
                    + "terminal, control characters are made visible so that a job cannot drive the "
                    + "terminal: ESC as \\e, the other C0 controls (not TAB) and DEL as \\xNN, the "
                    + "C1 controls as \\u0080-\\u009f (and as \\x80-\\x9f where they are not "
                    + "UTF-8); --raw writes them as they are there too.",
            "Times (--since, --timestamps, --json) are the job's host's clock when its agent read "
                    + "the line from the job."})
public final class LogsCommand implements Callable<Integer> {

    @ParentCommand
    private DmonCtl dmonctl;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new lines until Ctrl-C.")
    private boolean follow;

    @Option(names = {"-n", "--lines"}, paramLabel = "LINES",
            description = "Lines of history per job: a number, or 'all' for all kept (the coordinators' "
                    + "ring, then the job's host's store) (default: 10; all with --since). With "
                    + "--since, the last LINES of those written since then.")
    private String lines;

    @Option(names = "--since", paramLabel = "DURATION|TIME",
            description = "Only lines written at or after this time, in the history and with -f: a "
                    + "duration back from now (90s, 10m, 2h, 1d) or a time, 2026-12-04T10:00 (or with "
                    + "seconds, :30 or :30.5) in this machine's time zone, or with a zone: "
                    + "2026-12-04T10:00Z, 2026-12-04T10:00+01:00. Not in the future.")
    private String since;

    @Option(names = "--timestamps", description = "Start each line with the time it was written, "
            + "RFC 3339 UTC with milliseconds (2026-12-04T10:00:00.123Z), before the 'JOB| '.")
    private boolean timestamps;

    @Option(names = "--json", description = "One JSON object per line: job, host, run, seq, time (as "
            + "--timestamps), unix_ms, stream (stdout, stderr), line, and cut_bytes when the "
            + "coordinators kept only the start of a long line. Bytes that are not UTF-8 are in "
            + "line as \\udc80-\\udcff (U+DC00 + the byte: Python's surrogateescape, so "
            + "line.encode('utf-8', 'surrogateescape') gives the bytes back). Skipped lines come "
            + "in place as {\"skipped\":{\"job\", \"host\", \"from_seq\", \"to_seq\", "
            + "\"host_unreachable\"}} (and are said on standard error too). --timestamps and --raw "
            + "change nothing here.")
    private boolean json;

    @Option(names = "--raw", description = "Write lines byte for byte on a terminal too, control "
            + "characters and escape sequences included.")
    private boolean raw;

    @Option(names = "--stdout", description = "Only the lines the jobs wrote to stdout.")
    private boolean stdoutOnly;

    @Option(names = "--stderr", description = "Only the lines the jobs wrote to stderr (captured apart for jobs "
            + "without -e). With neither option, both are printed, a stderr line marked 'JOB! ' "
            + "instead of 'JOB| ', or '! ' when lines carry no job prefix.")
    private boolean stderrOnly;

    @Mixin
    private JobSelectorOptions.Alone selection;

    @Override
    public Integer call() {
        int tail = tail();
        if (stdoutOnly && stderrOnly) {
            throw CliException.usage("--stdout and --stderr: pick one, or neither for both");
        }
        CliContext context = dmonctl.context();
        LogsRequest.Builder request = LogsRequest.newBuilder().setTail(tail).setFollow(follow);
        if (since != null) {
            request.setSinceUnixMs(Since.parsePast("--since", since, context.clock()));
        }
        Selector selector = selection.selector(dmonctl.client());
        List<String> jobIds = new ArrayList<>();
        if (selector.getAll()) {
            request.setAll(true);
        } else if (selector.getJobIdsCount() == 0 && selector.getHostsCount() == 0 && selector.getTag().isEmpty()
                && selector.getLabelsCount() == 0) {
            // One host: the coordinator follows its jobs, new ones included.
            request.setHost(selector.getHost());
        } else {
            jobIds.addAll(selector.getJobIdsCount() > 0 ? selector.getJobIdsList() : matching(selector));
            request.addAllJobIds(jobIds);
        }
        LogFollower logs = new LogFollower(dmonctl.client(), request.build(), output(context, jobIds.size() != 1),
                notice -> context.err().println("dmonctl: " + notice));
        if (follow && !jobIds.isEmpty()) {
            return new FollowToEnd(context, dmonctl.client(), logs, jobIds).show();
        }
        try {
            logs.show();
        } finally {
            logs.cancel();
        }
        return ExitCode.OK;
    }

    /** The ids of the jobs a selector by tag, labels or hosts matches now; NOT_FOUND when none. */
    private List<String> matching(Selector selector) {
        List<String> ids = dmonctl.client().listJobs(ListJobsRequest.newBuilder().setSelector(selector)
                .setHost(selector.getHost()).build()).getJobsList().stream().map(v -> v.getJob().getId()).toList();
        if (ids.isEmpty()) {
            throw new CliException(ExitCode.NOT_FOUND, "no job matches the selector");
        }
        return ids;
    }

    /** Where the lines go: JSON objects, or lines as text (made safe for a terminal unless --raw). */
    private LogOutput output(CliContext context, boolean prefix) {
        if (json) {
            JsonLogLines objects = new JsonLogLines(context.out());
            return stdoutOnly || stderrOnly ? objects.only(stderrOnly) : objects;
        }
        LinePrinter printer = new LinePrinter(context.out(), prefix, context.colour())
                .showingControls(context.terminal().stdoutIsTerminal() && !raw, false);
        if (timestamps) {
            printer = printer.withTimestamps();
        }
        return stdoutOnly || stderrOnly ? printer.only(stderrOnly) : printer;
    }

    private int tail() {
        if (lines == null) {
            return since != null ? -1 : 10;
        }
        if (lines.equals("all")) {
            return -1;
        }
        try {
            int n = Integer.parseInt(lines);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // Reported below, in the words of the command line.
        }
        throw CliException.usage("-n: '" + lines + "' is not a number of lines (or 'all')");
    }
}
