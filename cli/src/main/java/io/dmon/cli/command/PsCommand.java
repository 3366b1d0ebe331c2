package io.dmon.cli.command;

import io.dmon.cli.CliContext;
import io.dmon.cli.CliException;
import io.dmon.cli.DmonCtl;
import io.dmon.cli.ExitCode;
import io.dmon.cli.output.JobListing;
import io.dmon.cli.output.JobViews;
import io.dmon.proto.v1.HostView;
import io.dmon.proto.v1.JobView;
import io.dmon.proto.v1.ListJobsRequest;
import io.dmon.proto.v1.Selector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code dmonctl ps}: the jobs and their states. */
@Command(name = "ps", mixinStandardHelpOptions = true,
        description = {
            "Lists jobs, ordered by host and name: JOB HOST STATE PID RESTARTS UPTIME WHY COMMAND. "
                    + "Every job, or those a selector chooses (an unknown job or host is exit 3).",
            "STATE is STARTING, RUNNING, PAUSED (its processes stopped), WAITING (due to start but "
                    + "held: no process), EXITED, COMPLETED, FAILED, STOPPED or REFUSED (the "
                    + "agent's policy would not run it: root without --allow-root, a user not in "
                    + "--allow-users; WHY says 'refused: REASON'), and UNKNOWN "
                    + "until the job's agent has reported and while its host is DOWN (WHY then says "
                    + "since when and the state last reported: 'host DOWN since 12:00:01, was "
                    + "RUNNING'). UPTIME is the current run's (5s, 3m12s, "
                    + "2h05m, 3d04h). WHY says what holds a job paused, as its agent reported: "
                    + "'manual pause since 12:28:00, 2m10s, until 12:30:05' (an operator's pause, "
                    + "times of day local), 'load 5.20 > 4.0 for 6s' (its own -L, with the host's load "
                    + "now), 'gate dbload for 45s'; 'pending: ...' when a pause or "
                    + "gate is asked for but the agent has not reported it yet; '-' otherwise. On a "
                    + "terminal, lines are cut to its width.",
            "--json prints an array of objects: id, name, host, state, last_state (as last "
                    + "reported), host_down, host_last_seen_unix_ms (null while UP), desired, pid, run, "
                    + "restarts, uptime_seconds (null without a run or while the host is DOWN), run_started_unix_ms, last_exit_status "
                    + "(raw waitpid status, -1 before any exit), exit_code (null before any exit), "
                    + "generation, created_unix_ms, tags, command, log_command, holds (reason, "
                    + "since_unix_ms, until_unix_ms: null without a lease), pause (the operator's "
                    + "pause asked for, null when none: id, since_unix_ms, lease_ms, by), gates (the "
                    + "closed gates holding it), refusal (why the agent refused it, null unless "
                    + "REFUSED)."})
public final class PsCommand implements Callable<Integer> {

    @ParentCommand
    private DmonCtl dmonctl;

    @Mixin
    private ListingFormat format = new ListingFormat();

    @Mixin
    private JobSelectorOptions.Alone selection;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT",
            description = "wide: an OPTIONS column too, the dmon options as given (-1 -L 4.0 -l 2.0 -t 1h). usage: what"
                    + " holds each job and what it used: HOLDER (cgroup-v2, v1-freezer, pgroup), CPU, MEM, PEAK (from"
                    + " its cgroup) and FALLBACK (why it has no better holder, or a limit not enforced).")
    private String output;

    @Override
    public Integer call() {
        CliContext context = dmonctl.context();
        if (output != null && !output.equals("wide") && !output.equals("usage")) {
            throw CliException.usage("-o: '" + output + "' is not an output format (wide, usage)");
        }
        ListJobsRequest.Builder request = ListJobsRequest.newBuilder();
        Selector selector = selection.selectorOrNone(dmonctl.client());
        if (selector != null && selector.getJobIdsCount() > 0) {
            request.addAllJobIds(selector.getJobIdsList());
        } else if (selector != null) {
            // The single host in the field every coordinator knows as well.
            request.setSelector(selector).setHost(selector.getHost());
        }
        List<JobView> jobs = new ArrayList<>(dmonctl.client().listJobs(request.build()).getJobsList());
        jobs.sort(JobViews.BY_HOST_AND_NAME);
        long now = context.clock().millis();
        format.print(context, () -> JobListing.json(jobs, now), width -> "usage".equals(output)
                ? JobListing.usageTable(jobs, width)
                : JobListing.table(jobs, now, context.clock().getZone(), width, hosts(jobs), "wide".equals(output)));
        return ExitCode.OK;
    }

    /** The hosts as last heard, asked for only when a job is held by its own -L or -P. */
    private Map<String, HostView> hosts(List<JobView> jobs) {
        boolean any = jobs.stream().anyMatch(v -> v.getStatus().getHoldsList().stream()
                .anyMatch(h -> h.getReason().equals("load") || h.getReason().startsWith("pressure ")));
        if (!any) {
            return Map.of();
        }
        Map<String, HostView> hosts = new HashMap<>();
        for (HostView host : dmonctl.client().listHosts().getHostsList()) {
            if (host.getUp()) {
                hosts.put(host.getName(), host);
            }
        }
        return hosts;
    }
}
