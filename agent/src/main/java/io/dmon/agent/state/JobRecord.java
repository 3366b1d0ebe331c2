package io.dmon.agent.state;

import io.dmon.agent.supervise.JobState;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * What the agent must remember of one job across its own death: the processes it left running
 * (pid and /proc start time, so a reused pid is never taken for ours), how far the job got (runs,
 * restarts) and whether the generation it ran ended for good.
 *
 * <p>Stored as Java properties ({@code job}, {@code generation}, {@code run}, {@code restarts},
 * {@code pid}, {@code start_time}, {@code log_pid}, {@code log_start_time}, {@code finished},
 * {@code last_exit_status}, {@code begun}, {@code monitor}, {@code seq_base}), readable by a
 * person at 3 a.m.
 *
 * @param generation   the Job.generation of the last supervisor started
 * @param run          runs so far, over the job's whole life on this host
 * @param restarts     respawns within {@code generation}
 * @param pid          the command's pid while a run is live (from its start until its exit was
 *                     seen), else 0
 * @param startTime    /proc start time of {@code pid}
 * @param logPid       the log command's pid while it runs, else 0
 * @param logStartTime /proc start time of {@code logPid}
 * @param finished     COMPLETED or FAILED when {@code generation} ended by itself (not re-run),
 *                     REFUSED when this agent's policy would not run it, else null
 * @param lastExitStatus raw wait status of the last run, -1 before any
 * @param begun        a run of {@code generation} was about to start or started, and the generation
 *                     has not ended since: saved before a {@code -1} job's command is spawned, so
 *                     that an agent that dies in the middle (whatever kills it) never runs it twice
 * @param monitor      the name of the job's monitor's directory in {@code STATE/monitors}, saved
 *                     before that monitor is started and cleared once it is gone, else null
 * @param seqBase      the job's spool seq of the monitor's line 0: its line N is spool line
 *                     seqBase + N (saved before the monitor writes any)
 */
public record JobRecord(String jobId, long generation, int run, int restarts, int pid, long startTime, int logPid,
                        long logStartTime, JobState finished, int lastExitStatus, boolean begun, String monitor,
                        long seqBase) {

    /** A job never run on this host. */
    public static JobRecord fresh(String jobId) {
        return new JobRecord(jobId, 0, 0, 0, 0, 0, 0, 0, null, -1, false, null, 0);
    }

    /** True when {@code generation} (or an older one) ended for good: it must not run again. */
    public boolean finishedAt(long wantedGeneration) {
        return finished != null && generation >= wantedGeneration;
    }

    public JobRecord withCommand(int pid, long startTime) {
        return new JobRecord(jobId, generation, run, restarts, pid, startTime, logPid, logStartTime, finished,
                lastExitStatus, begun, monitor, seqBase);
    }

    public JobRecord withLog(int pid, long startTime) {
        return new JobRecord(jobId, generation, run, restarts, this.pid, this.startTime, pid, startTime, finished,
                lastExitStatus, begun, monitor, seqBase);
    }

    /** The record as a supervisor of {@code generation} starts: not finished, no process yet. */
    public JobRecord starting(long generation) {
        return new JobRecord(jobId, generation, run, generation == this.generation ? restarts : 0, 0, 0, 0, 0, null,
                lastExitStatus, false, monitor, seqBase);
    }

    /** The record as a run of {@code generation} is about to start: see {@link #begun}. */
    public JobRecord beginning() {
        return new JobRecord(jobId, generation, run, restarts, pid, startTime, logPid, logStartTime, finished,
                lastExitStatus, true, monitor, seqBase);
    }

    /**
     * True when a run of {@code wantedGeneration} began under an agent that died before the
     * generation ended: neither finished nor stopped, so its outcome is unknown.
     */
    public boolean interruptedAt(long wantedGeneration) {
        return begun && finished == null && generation == wantedGeneration;
    }

    public JobRecord withProgress(int run, int restarts, int lastExitStatus) {
        return new JobRecord(jobId, generation, run, restarts, pid, startTime, logPid, logStartTime, finished,
                lastExitStatus, begun, monitor, seqBase);
    }

    /** The job's monitor is now the one in {@code STATE/monitors/NAME} (null: none), its lines at {@code seqBase} + N. */
    public JobRecord withMonitor(String name, long seqBase) {
        return new JobRecord(jobId, generation, run, restarts, pid, startTime, logPid, logStartTime, finished,
                lastExitStatus, begun, name, name == null ? 0 : seqBase);
    }

    /** No process left; {@code finished} when the generation ended by itself, else null. The monitor stays named until it is gone. */
    public JobRecord ended(JobState finished) {
        return new JobRecord(jobId, generation, run, restarts, 0, 0, 0, 0, finished, lastExitStatus, false, monitor,
                seqBase);
    }

    byte[] toBytes() {
        Properties p = new Properties();
        p.setProperty("job", jobId);
        p.setProperty("generation", Long.toString(generation));
        p.setProperty("run", Integer.toString(run));
        p.setProperty("restarts", Integer.toString(restarts));
        p.setProperty("pid", Integer.toString(pid));
        p.setProperty("start_time", Long.toString(startTime));
        p.setProperty("log_pid", Integer.toString(logPid));
        p.setProperty("log_start_time", Long.toString(logStartTime));
        p.setProperty("finished", finished == null ? "" : finished.name());
        p.setProperty("last_exit_status", Integer.toString(lastExitStatus));
        p.setProperty("begun", Boolean.toString(begun));
        p.setProperty("monitor", monitor == null ? "" : monitor);
        p.setProperty("seq_base", Long.toString(seqBase));
        StringWriter w = new StringWriter();
        try {
            p.store(w, "dmon-agent job record");
        } catch (IOException e) {
            throw new IllegalStateException("a StringWriter does not fail", e);
        }
        return w.toString().getBytes(StandardCharsets.UTF_8);
    }

    static JobRecord parse(byte[] bytes) throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(new String(bytes, StandardCharsets.UTF_8)));
        String job = p.getProperty("job");
        if (job == null || job.isEmpty()) {
            throw new IOException("no job id");
        }
        String monitor = p.getProperty("monitor", "");
        if (!monitor.isEmpty() && !monitor.chars().allMatch(c -> c >= '0' && c <= '9') || monitor.length() > 18) {
            throw new IOException("bad monitor '" + monitor + "'");
        }
        try {
            String finished = p.getProperty("finished", "");
            return new JobRecord(job, Long.parseLong(p.getProperty("generation", "0")),
                    Integer.parseInt(p.getProperty("run", "0")), Integer.parseInt(p.getProperty("restarts", "0")),
                    Integer.parseInt(p.getProperty("pid", "0")), Long.parseLong(p.getProperty("start_time", "0")),
                    Integer.parseInt(p.getProperty("log_pid", "0")),
                    Long.parseLong(p.getProperty("log_start_time", "0")),
                    finished.isEmpty() ? null : JobState.valueOf(finished),
                    Integer.parseInt(p.getProperty("last_exit_status", "-1")),
                    Boolean.parseBoolean(p.getProperty("begun", "false")), monitor.isEmpty() ? null : monitor,
                    Long.parseLong(p.getProperty("seq_base", "0")));
        } catch (IllegalArgumentException e) {
            throw new IOException("bad value: " + e.getMessage());
        }
    }
}
