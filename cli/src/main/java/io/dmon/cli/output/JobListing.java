package io.dmon.cli.output;

import io.dmon.proto.v1.Hold;
import io.dmon.proto.v1.Job;
import io.dmon.proto.v1.JobState;
import io.dmon.proto.v1.JobStatus;
import io.dmon.proto.v1.HostView;
import io.dmon.proto.v1.JobView;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/** {@code dmonctl ps}: jobs as a table or as JSON. */
public final class JobListing {
    private JobListing() {
    }

    /**
     * {@code JOB HOST STATE PID RESTARTS UPTIME WHY COMMAND}, cut to {@code width} when given; WHY
     * (see {@link HoldText}) shows times of day in {@code zone}.
     */
    public static String table(List<JobView> jobs, long nowMillis, ZoneId zone, OptionalInt width) {
        return table(jobs, nowMillis, zone, width, Map.of());
    }

    /** The table, with the hosts as last heard for the figures in WHY's load and pressure holds ({@code load 5.20 > 4.0 for 6s}). */
    public static String table(List<JobView> jobs, long nowMillis, ZoneId zone, OptionalInt width,
            Map<String, HostView> hosts) {
        return table(jobs, nowMillis, zone, width, hosts, false);
    }

    /** The table; {@code wide} adds OPTIONS (the dmon options as given) before COMMAND. */
    public static String table(List<JobView> jobs, long nowMillis, ZoneId zone, OptionalInt width,
            Map<String, HostView> hosts, boolean wide) {
        Table table = wide
                ? new Table("JOB", "HOST", "STATE", "PID", "RESTARTS", "UPTIME", "WHY", "OPTIONS", "COMMAND")
                : new Table("JOB", "HOST", "STATE", "PID", "RESTARTS", "UPTIME", "WHY", "COMMAND");
        for (JobView view : jobs) {
            JobStatus status = view.getStatus();
            long uptime = JobViews.uptimeSeconds(view, nowMillis);
            List<String> cells = new java.util.ArrayList<>(List.of(view.getJob().getId(), view.getJob().getHost(),
                    JobViews.state(view),
                    status.getPid() > 0 && !view.getHostDown() ? Integer.toString(status.getPid()) : "-",
                    Integer.toString(status.getRestarts()),
                    uptime < 0 ? "-" : HumanDuration.format(uptime),
                    HoldText.why(view, nowMillis, zone, hosts)));
            if (wide) {
                cells.add(DmonOptions.text(view.getJob().getSpec()));
            }
            cells.add(CommandText.join(view.getJob().getSpec().getCommandList()));
            table.row(cells.toArray(new String[0]));
        }
        return table.render(width);
    }

    /**
     * An array with one object per job: {@code id, name, host, state} (UNKNOWN while the host is
     * DOWN), {@code last_state} (as the agent last reported it), {@code host_down},
     * {@code host_last_seen_unix_ms} (null while UP), {@code desired, pid} (the last reported),
     * {@code run, restarts, uptime_seconds} (null without a run or while the host is DOWN), {@code run_started_unix_ms, last_exit_status} (raw
     * waitpid status, -1 before any exit), {@code exit_code} (dmon's rule; null before any exit),
     * {@code generation, created_unix_ms, tags, command, log_command}, {@code holds} (what the
     * agent holds it for: objects {@code reason, since_unix_ms, until_unix_ms}, the last null
     * without a lease), {@code pause} (the operator's pause asked for, null when none: {@code id,
     * since_unix_ms, lease_ms, by}), {@code gates} (closed gates holding it) and {@code refusal} (why
     * the agent refused the job, null unless REFUSED).
     */
    public static String json(List<JobView> jobs, long nowMillis) {
        JsonWriter w = new JsonWriter().beginArray();
        for (JobView view : jobs) {
            Job job = view.getJob();
            JobStatus status = view.getStatus();
            long uptime = JobViews.uptimeSeconds(view, nowMillis);
            int lastExit = view.hasStatus() ? status.getLastExitStatus() : -1;
            w.beginObject()
                    .name("id").value(job.getId())
                    .name("name").value(job.getName())
                    .name("host").value(job.getHost())
                    .name("state").value(JobViews.state(view))
                    .name("last_state").value(JobViews.lastState(view))
                    .name("host_down").value(view.getHostDown())
                    .name("desired").value(desired(job))
                    .name("pid").value(status.getPid())
                    .name("run").value(status.getRun())
                    .name("restarts").value(status.getRestarts());
            w.name("uptime_seconds");
            if (uptime < 0) {
                w.nullValue();
            } else {
                w.value(uptime);
            }
            w.name("host_last_seen_unix_ms");
            if (view.getHostDown()) {
                w.value(view.getHostLastSeenUnixMs());
            } else {
                w.nullValue();
            }
            w.name("run_started_unix_ms").value(status.getRunStartedUnixMs())
                    .name("last_exit_status").value(lastExit);
            w.name("exit_code");
            if (lastExit < 0) {
                w.nullValue();
            } else {
                w.value(WaitStatus.exitCode(lastExit));
            }
            w.name("generation").value(job.getGeneration())
                    .name("created_unix_ms").value(job.getCreatedUnixMs());
            w.name("tags").values(job.getTagsList());
            w.name("command").values(job.getSpec().getCommandList());
            w.name("log_command").values(job.getSpec().getLogCommandList());
            holds(w.name("holds"), status.getHoldsList());
            PauseOutput.pause(w.name("pause"), job);
            w.name("gates").values(job.getGatesList());
            w.name("refusal");
            if (status.getState() == JobState.REFUSED) {
                w.value(status.getRefusal());
            } else {
                w.nullValue();
            }
            w.endObject();
        }
        return w.endArray().toString() + "\n";
    }

    private static String desired(Job job) {
        return switch (job.getDesired()) {
            case DESIRED_RUNNING -> "RUNNING";
            case DESIRED_STOPPED -> "STOPPED";
            default -> "UNKNOWN";
        };
    }

    /** Holds as --json gives them: reason, since_unix_ms, until_unix_ms (null without a lease). */
    static void holds(JsonWriter w, List<Hold> holds) {
        w.beginArray();
        for (Hold hold : holds) {
            w.beginObject()
                    .name("reason").value(hold.getReason())
                    .name("since_unix_ms").value(hold.getSinceUnixMs())
                    .name("until_unix_ms");
            if (hold.getUntilUnixMs() > 0) {
                w.value(hold.getUntilUnixMs());
            } else {
                w.nullValue();
            }
            w.endObject();
        }
        w.endArray();
    }

}
