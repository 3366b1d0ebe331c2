package io.dmon.cli.output;

import io.dmon.proto.v1.JobState;
import io.dmon.proto.v1.JobView;
import java.util.Comparator;

/** Facts about a job as {@code ListJobs} shows it, phrased the way every command shows them. */
public final class JobViews {
    /** Jobs ordered for display: by host, then by name. */
    public static final Comparator<JobView> BY_HOST_AND_NAME = Comparator
            .comparing((JobView v) -> v.getJob().getHost())
            .thenComparing(v -> v.getJob().getName())
            .thenComparing(v -> v.getJob().getId());

    private JobViews() {
    }

    /**
     * The state's name; {@code UNKNOWN} before the agent reported one and while the job's host is
     * DOWN (what it reported then may no longer be true: see {@link #lastState}).
     */
    public static String state(JobView view) {
        if (view.getHostDown()) {
            return "UNKNOWN";
        }
        return lastState(view);
    }

    /**
     * The state the agent reported last, {@code UNKNOWN} before any. A job held with no process
     * (due to start, before its first run or a respawn, but paused) is {@code WAITING}: nothing of
     * it is stopped, as PAUSED would say.
     */
    public static String lastState(JobView view) {
        if (!view.hasStatus()) {
            return "UNKNOWN";
        }
        if (view.getStatus().getState() == JobState.PAUSED && view.getStatus().getPid() == 0) {
            return "WAITING";
        }
        return stateName(view.getStatus().getState());
    }

    /** A state's name as dmonctl prints it. */
    public static String stateName(JobState state) {
        return state == JobState.JOB_STATE_UNSPECIFIED || state == JobState.UNRECOGNIZED ? "UNKNOWN" : state.name();
    }

    /**
     * True when the job is over for good and its status belongs to the job as it is now (an
     * older generation's status, from before a restart, does not count).
     */
    public static boolean finished(JobView view) {
        if (!view.hasStatus() || view.getStatus().getGeneration() < view.getJob().getGeneration()) {
            return false;
        }
        JobState state = view.getStatus().getState();
        return state == JobState.COMPLETED || state == JobState.FAILED || state == JobState.STOPPED
                || state == JobState.REFUSED;
    }

    /**
     * Seconds the current run has lasted at {@code nowMillis}, or -1 when there is no run or it
     * is not known (the job's host is DOWN).
     */
    public static long uptimeSeconds(JobView view, long nowMillis) {
        long started = view.hasStatus() ? view.getStatus().getRunStartedUnixMs() : 0;
        if (started <= 0 || view.getHostDown()) {
            return -1;
        }
        return Math.max(0, (nowMillis - started) / 1000);
    }
}
