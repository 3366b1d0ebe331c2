package io.dmon.cli.command;

import io.dmon.cli.CliContext;
import io.dmon.cli.CliException;
import io.dmon.cli.DmonCtl;
import io.dmon.cli.ExitCode;
import io.dmon.cli.client.EventStream;
import io.dmon.cli.client.ServerStream;
import io.dmon.cli.output.JobDetail;
import io.dmon.cli.output.RunHistory;
import io.dmon.proto.v1.EventsRequest;
import io.dmon.proto.v1.HostView;
import io.dmon.proto.v1.JobEvent;
import io.dmon.proto.v1.JobView;
import io.dmon.proto.v1.ListJobsRequest;
import io.dmon.proto.v1.LogChunk;
import io.dmon.proto.v1.LogLine;
import io.dmon.proto.v1.LogsRequest;
import io.dmon.proto.v1.Selector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code dmonctl status JOB}: one job in detail. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {
            "Shows one job in detail: its command, state (and why), pid, host, dmon options as "
                    + "given, user, tags, log command, run and restarts, desired state, pause and "
                    + "gates; then its last runs (start, end, duration, exit status or signal, as "
                    + "far as the coordinator's events reach) and its last lines of output.",
            "--json prints one object: id, host, state, last_state, host_down, pid, run, restarts, "
                    + "options, user, tags, command, log_command, holds, runs (run, pid, "
                    + "start_unix_ms, end_unix_ms, raw_status, result), last_lines."})
public final class StatusCommand implements Callable<Integer> {
    private static final int RUNS = 5;

    @ParentCommand
    private DmonCtl dmonctl;

    @Parameters(paramLabel = "JOB", description = "The job: NAME@HOST, or NAME when on one host only.")
    private String jobId;

    @Option(names = {"-n", "--lines"}, paramLabel = "LINES", defaultValue = "10",
            description = "Last lines of output to show (default: ${DEFAULT-VALUE}).")
    private int lines;

    @Option(names = "--json", description = "Print JSON instead of text.")
    private boolean json;

    @Override
    public Integer call() {
        if (lines < 0) {
            throw CliException.usage("-n: '" + lines + "' is not a number of lines");
        }
        CliContext context = dmonctl.context();
        String id = JobNames.resolve(dmonctl.client(), List.of(jobId)).get(0);
        JobView view = dmonctl.client().listJobs(ListJobsRequest.newBuilder().addJobIds(id).build()).getJobs(0);
        List<RunHistory.Run> runs = RunHistory.of(events(id), RUNS);
        List<LogLine> last = lastLines(id);
        if (json) {
            context.out().print(JobDetail.json(view, runs, last));
        } else {
            Map<String, HostView> hosts = new HashMap<>();
            for (HostView host : dmonctl.client().listHosts().getHostsList()) {
                hosts.put(host.getName(), host);
            }
            context.out().print(JobDetail.text(view, runs, last, context.clock().millis(), context.clock().getZone(),
                    hosts));
        }
        return ExitCode.OK;
    }

    private List<JobEvent> events(String id) {
        List<JobEvent> events = new ArrayList<>();
        try (EventStream stream = dmonctl.client().events(EventsRequest.newBuilder().setRecent(1000)
                .setSelector(Selector.newBuilder().addJobIds(id)).build())) {
            for (JobEvent e = stream.next(); e != null; e = stream.next()) {
                events.add(e);
            }
        }
        return events;
    }

    private List<LogLine> lastLines(String id) {
        List<LogLine> out = new ArrayList<>();
        if (lines == 0) {
            return out;
        }
        try (ServerStream<LogChunk> stream = dmonctl.client().logChunks(LogsRequest.newBuilder().addJobIds(id).setTail(lines).build())) {
            for (LogChunk chunk = stream.next(); chunk != null; chunk = stream.next()) {
                out.addAll(chunk.getLinesList());
            }
        }
        return out;
    }
}
