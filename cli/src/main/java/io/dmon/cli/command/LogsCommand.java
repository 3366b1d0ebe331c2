package io.dmon.cli.command;

import io.dmon.cli.CliContext;
import io.dmon.cli.CliException;
import io.dmon.cli.DmonCtl;
import io.dmon.cli.ExitCode;
import io.dmon.cli.follow.FollowToEnd;
import io.dmon.cli.follow.LogFollower;
import io.dmon.cli.output.LinePrinter;
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
                    + "per job on a terminal, unless NO_COLOR is set). Lines are written byte for "
                    + "byte as the job wrote them."})
public final class LogsCommand implements Callable<Integer> {

    @ParentCommand
    private DmonCtl dmonctl;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new lines until Ctrl-C.")
    private boolean follow;

    @Option(names = {"-n", "--lines"}, paramLabel = "LINES", defaultValue = "10",
            description = "Lines of history per job: a number, or 'all' for all the coordinator keeps "
                    + "(default: ${DEFAULT-VALUE}).")
    private String lines;

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
        Selector selector = selection.selector(dmonctl.client());
        LogsRequest.Builder request = LogsRequest.newBuilder().setTail(tail).setFollow(follow);
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
        CliContext context = dmonctl.context();
        LinePrinter printer = new LinePrinter(context.out(), jobIds.size() != 1, context.colour());
        if (stdoutOnly || stderrOnly) {
            printer = printer.only(stderrOnly);
        }
        LogFollower logs = new LogFollower(dmonctl.client(), request.build(), printer,
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

    private int tail() {
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
