package io.dmon.cli.output;

import io.dmon.proto.v1.Job;
import io.dmon.proto.v1.JobSpec;
import io.dmon.proto.v1.JobStatus;
import io.dmon.proto.v1.HostView;
import io.dmon.proto.v1.JobView;
import io.dmon.proto.v1.LogLine;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * {@code dmonctl status JOB}: everything known of one job, as text (systemctl status's shape) or
 * as one JSON object.
 */
public final class JobDetail {
    private JobDetail() {
    }

    /** The text: a header, then {@code Name: value} lines, the last runs and the last lines. */
    public static String text(JobView view, List<RunHistory.Run> runs, List<LogLine> lines, long nowMillis,
            ZoneId zone, Map<String, HostView> hosts) {
        Job job = view.getJob();
        JobStatus status = view.getStatus();
        JobSpec spec = job.getSpec();
        StringBuilder out = new StringBuilder();
        out.append(job.getId()).append(" - ").append(CommandText.join(spec.getCommandList())).append('\n');
        long uptime = JobViews.uptimeSeconds(view, nowMillis);
        String state = JobViews.state(view) + (uptime >= 0 ? " since " + HoldText.timeOfDay(status.getRunStartedUnixMs(),
                nowMillis, zone) + " (" + HumanDuration.format(uptime) + ")" : "");
        field(out, "State", state);
        field(out, "Why", HoldText.why(view, nowMillis, zone, hosts));
        field(out, "Pid", status.getPid() > 0 && !view.getHostDown() ? Integer.toString(status.getPid()) : "-");
        field(out, "Host", job.getHost() + (view.getHostDown() ? " (DOWN)" : ""));
        field(out, "Options", DmonOptions.text(spec));
        field(out, "User", spec.hasCmdUser() && !spec.getCmdUser().getUser().isEmpty() ? spec.getCmdUser().getUser()
                : "(the agent's)");
        field(out, "Tags", job.getTagsCount() == 0 ? "-" : String.join(", ", job.getTagsList()));
        field(out, "Log", spec.getLogCommandCount() == 0 ? "-" : CommandText.join(spec.getLogCommandList()));
        field(out, "Run", status.getRun() + ", restarts " + status.getRestarts() + ", last exit "
                + WaitStatus.describe(view.hasStatus() ? status.getLastExitStatus() : -1));
        field(out, "Desired", job.getDesired().name().replace("DESIRED_", "") + ", generation " + job.getGeneration());
        if (job.hasPause()) {
            field(out, "Pause", "by " + job.getPause().getBy() + " since "
                    + HoldText.timeOfDay(job.getPause().getSinceUnixMs(), nowMillis, zone)
                    + (job.getPause().getLeaseMs() > 0 ? ", lease " + HumanDuration.format(job.getPause().getLeaseMs() / 1000)
                            : ", until resumed"));
        }
        if (job.getGatesCount() > 0) {
            field(out, "Gates", String.join(", ", job.getGatesList()));
        }
        out.append("\nRuns (newest first, as far as the coordinator's events reach):\n");
        Table table = new Table("RUN", "PID", "START", "END", "DURATION", "RESULT");
        for (RunHistory.Run run : runs) {
            long end = run.endUnixMs() == 0 ? nowMillis : run.endUnixMs();
            table.row(Integer.toString(run.run()), Integer.toString(run.pid()),
                    run.startUnixMs() == 0 ? "?" : HoldText.timeOfDay(run.startUnixMs(), nowMillis, zone),
                    run.endUnixMs() == 0 ? "-" : HoldText.timeOfDay(run.endUnixMs(), nowMillis, zone),
                    run.startUnixMs() == 0 ? "?" : HumanDuration.format(Math.max(0, end - run.startUnixMs()) / 1000),
                    run.result());
        }
        out.append(table.render(java.util.OptionalInt.empty()).indent(2));
        out.append("\nLast lines:\n");
        for (LogLine line : lines) {
            out.append("  ").append(line.getLine().toString(StandardCharsets.UTF_8)).append('\n');
        }
        return out.toString();
    }

    /**
     * One object: {@code id, host, state, last_state, host_down, pid, run, restarts, options}
     * (words), {@code user} (null: the agent's), {@code tags, command, log_command, holds}
     * (reason, since_unix_ms, until_unix_ms), {@code runs} (run, pid, start_unix_ms, end_unix_ms:
     * null while running, raw_status: null while running, result) and {@code last_lines}.
     */
    public static String json(JobView view, List<RunHistory.Run> runs, List<LogLine> lines) {
        Job job = view.getJob();
        JobStatus status = view.getStatus();
        JobSpec spec = job.getSpec();
        JsonWriter w = new JsonWriter().beginObject()
                .name("id").value(job.getId())
                .name("host").value(job.getHost())
                .name("state").value(JobViews.state(view))
                .name("last_state").value(JobViews.lastState(view))
                .name("host_down").value(view.getHostDown())
                .name("pid").value(status.getPid())
                .name("run").value(status.getRun())
                .name("restarts").value(status.getRestarts());
        w.name("options").values(DmonOptions.words(spec));
        w.name("user");
        if (spec.hasCmdUser() && !spec.getCmdUser().getUser().isEmpty()) {
            w.value(spec.getCmdUser().getUser());
        } else {
            w.nullValue();
        }
        w.name("tags").values(job.getTagsList());
        w.name("command").values(spec.getCommandList());
        w.name("log_command").values(spec.getLogCommandList());
        JobListing.holds(w.name("holds"), status.getHoldsList());
        w.name("runs").beginArray();
        for (RunHistory.Run run : runs) {
            w.beginObject().name("run").value(run.run()).name("pid").value(run.pid())
                    .name("start_unix_ms").value(run.startUnixMs()).name("end_unix_ms");
            if (run.endUnixMs() == 0) {
                w.nullValue().name("raw_status").nullValue();
            } else {
                w.value(run.endUnixMs()).name("raw_status");
                if (run.rawStatus() == RunHistory.LOST) {
                    w.nullValue();
                } else {
                    w.value(run.rawStatus());
                }
            }
            w.name("result").value(run.result()).endObject();
        }
        w.endArray();
        w.name("last_lines").beginArray();
        for (LogLine line : lines) {
            w.value(line.getLine().toString(StandardCharsets.UTF_8));
        }
        w.endArray();
        return w.endObject().toString() + "\n";
    }

    private static void field(StringBuilder out, String name, String value) {
        out.append(String.format("%9s: %s%n", name, value));
    }

}
