package io.dmon.cli.command;

import io.dmon.cli.CliContext;
import io.dmon.proto.v1.Job;
import io.dmon.proto.v1.JobsResponse;

/** The answer of stop, restart and signal: the ids of the jobs acted on, one per line. */
final class JobsOutput {
    private JobsOutput() {
    }

    static void print(CliContext context, JobsResponse response) {
        for (Job job : response.getJobsList()) {
            context.out().println(job.getId());
        }
    }
}
