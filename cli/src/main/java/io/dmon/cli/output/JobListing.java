package io.dmon.cli.output;

import io.dmon.proto.v1.Hold;
import io.dmon.proto.v1.HostView;
import io.dmon.proto.v1.Job;
import io.dmon.proto.v1.JobState;
import io.dmon.proto.v1.JobIsolation;
import io.dmon.proto.v1.JobStatus;
import io.dmon.proto.v1.JobUsage;
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
     * the agent refused the job, null unless REFUSED), {@code isolation} (what holds its processes:
     * {@code kind} cgroup v2 | v1 freezer | process group, {@code fallback} why not better or null,
     * {@code cgroup}; null before the agent said) and {@code usage} (from its cgroup:
     * {@code cpu_usec, memory_bytes, memory_peak_bytes} (null where unknown), {@code read_unix_ms};
     * null without a cgroup).
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
            isolation(w.name("isolation"), status);
            usage(w.name("usage"), status);
            w.endObject();
        }
        return w.endArray().toString() + "\n";
    }

    /**
     * {@code ps -o usage}: {@code JOB HOST STATE HOLDER CPU MEM PEAK FALLBACK}: what holds each
     * job's processes (cgroup-v2, v1-freezer, pgroup; '*' when it fell back), its CPU time and
     * memory now and at most from its cgroup ('-' where unknown), and why it fell back or what
     * limit could not be enforced ('-' when nothing).
     */
    public static String usageTable(List<JobView> jobs, OptionalInt width) {
        Table table = new Table("JOB", "HOST", "STATE", "HOLDER", "CPU", "MEM", "PEAK", "FALLBACK");
        for (JobView view : jobs) {
            JobStatus status = view.getStatus();
            JobUsage u = status.getUsage();
            boolean usage = status.hasUsage();
            String fallback = status.getIsolation().getFallback();
            table.row(view.getJob().getId(), view.getJob().getHost(), JobViews.state(view), holder(status),
                    usage && u.getCpuUsec() >= 0 ? cpu(u.getCpuUsec()) : "-",
                    usage && u.getMemoryBytes() >= 0 ? bytes(u.getMemoryBytes()) : "-",
                    usage && u.getMemoryPeakBytes() >= 0 ? bytes(u.getMemoryPeakBytes()) : "-",
                    fallback.isEmpty() ? "-" : fallback);
        }
        return table.render(width);
    }

    /** cgroup-v2, v1-freezer, pgroup ('*' after it: fell back), '-' before the agent said. */
    static String holder(JobStatus status) {
        if (!status.hasIsolation()) {
            return "-";
        }
        String name = switch (status.getIsolation().getKind()) {
            case CGROUP_V2 -> "cgroup-v2";
            case CGROUP_V1_FREEZER -> "v1-freezer";
            case PROCESS_GROUP -> "pgroup";
            default -> "-";
        };
        return status.getIsolation().getFallback().isEmpty() ? name : name + "*";
    }

    /** CPU time: 0.42s, 12.3s, 5m03s, 2h04m. */
    static String cpu(long micros) {
        double s = micros / 1e6;
        if (s < 10) {
            return String.format(java.util.Locale.ROOT, "%.2fs", s);
        }
        if (s < 60) {
            return String.format(java.util.Locale.ROOT, "%.1fs", s);
        }
        long whole = (long) s;
        return whole < 3600 ? String.format(java.util.Locale.ROOT, "%dm%02ds", whole / 60, whole % 60)
                : String.format(java.util.Locale.ROOT, "%dh%02dm", whole / 3600, whole / 60 % 60);
    }

    /** Bytes in binary units: 812K, 35.2M, 1.50G. */
    static String bytes(long n) {
        if (n < 1024 * 1024) {
            return (n + 1023) / 1024 + "K";
        }
        if (n < 1024L * 1024 * 1024) {
            return String.format(java.util.Locale.ROOT, "%.1fM", n / 1048576.0);
        }
        return String.format(java.util.Locale.ROOT, "%.2fG", n / 1073741824.0);
    }

    /** isolation as --json gives it: kind, fallback (null when none), cgroup (null without one); null before the agent said. */
    private static void isolation(JsonWriter w, JobStatus status) {
        if (!status.hasIsolation()) {
            w.nullValue();
            return;
        }
        JobIsolation i = status.getIsolation();
        w.beginObject().name("kind").value(switch (i.getKind()) {
            case CGROUP_V2 -> "cgroup v2";
            case CGROUP_V1_FREEZER -> "v1 freezer";
            case PROCESS_GROUP -> "process group";
            default -> "unknown";
        });
        w.name("fallback");
        if (i.getFallback().isEmpty()) {
            w.nullValue();
        } else {
            w.value(i.getFallback());
        }
        w.name("cgroup");
        if (i.getCgroup().isEmpty()) {
            w.nullValue();
        } else {
            w.value(i.getCgroup());
        }
        w.endObject();
    }

    /** usage as --json gives it: cpu_usec, memory_bytes, memory_peak_bytes (null where unknown), read_unix_ms. */
    private static void usage(JsonWriter w, JobStatus status) {
        if (!status.hasUsage()) {
            w.nullValue();
            return;
        }
        JobUsage u = status.getUsage();
        w.beginObject();
        w.name("cpu_usec");
        counter(w, u.getCpuUsec());
        w.name("memory_bytes");
        counter(w, u.getMemoryBytes());
        w.name("memory_peak_bytes");
        counter(w, u.getMemoryPeakBytes());
        w.name("read_unix_ms").value(u.getReadUnixMs());
        w.endObject();
    }

    private static void counter(JsonWriter w, long value) {
        if (value < 0) {
            w.nullValue();
        } else {
            w.value(value);
        }
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
