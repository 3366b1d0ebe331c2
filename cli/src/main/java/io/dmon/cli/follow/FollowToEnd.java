package io.dmon.cli.follow;

import io.dmon.cli.CliContext;
import io.dmon.cli.CliException;
import io.dmon.cli.ExitCode;
import io.dmon.cli.client.OperatorClient;
import io.dmon.cli.output.JobViews;
import io.dmon.proto.v1.JobView;
import io.dmon.proto.v1.ListJobsRequest;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code dmonctl logs -f JOB...}: follows the jobs' output until every one of them has finished
 * (COMPLETED, FAILED, STOPPED), then prints what is left and ends, as {@code tail -f} of a file
 * that will not grow again should. A job that has finished already shows its history and ends at
 * once. The states are read with ListJobs every {@link CliContext#pollInterval()}.
 */
public final class FollowToEnd {
    private final CliContext context;
    private final OperatorClient client;
    private final LogFollower logs;
    private final List<String> jobIds;

    public FollowToEnd(CliContext context, OperatorClient client, LogFollower logs, List<String> jobIds) {
        this.context = context;
        this.client = client;
        this.logs = logs;
        this.jobIds = List.copyOf(jobIds);
    }

    /**
     * Shows the lines until the jobs have finished or the stream ends.
     *
     * @throws CliException when the stream fails
     */
    public int show() {
        Thread follower = new Thread(logs::follow, "dmonctl-logs");
        follower.setDaemon(true);
        follower.start();
        try {
            while (follower.isAlive() && !allFinished()) {
                follower.join(context.pollInterval().toMillis());
            }
            if (follower.isAlive()) {
                logs.awaitQuiet(context.settle().toNanos(), 5 * context.settle().toNanos());
                logs.cancel();
                follower.join(client.timeout().toMillis());
                logs.catchUp();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCode.INTERRUPTED, "interrupted");
        } finally {
            logs.cancel();
        }
        if (logs.failure() != null) {
            throw logs.failure();
        }
        return ExitCode.OK;
    }

    /** True when every job has finished; false while that cannot be read (the stream says what fails). */
    private boolean allFinished() {
        List<JobView> views;
        try {
            views = client.listJobs(ListJobsRequest.newBuilder().addAllJobIds(jobIds).build()).getJobsList();
        } catch (CliException e) {
            return false;
        }
        Set<String> finished = new HashSet<>();
        for (JobView view : views) {
            if (JobViews.finished(view)) {
                finished.add(view.getJob().getId());
            }
        }
        return finished.containsAll(jobIds);
    }
}
