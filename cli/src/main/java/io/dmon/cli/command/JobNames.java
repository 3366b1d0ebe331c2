package io.dmon.cli.command;

import io.dmon.cli.CliException;
import io.dmon.cli.ExitCode;
import io.dmon.cli.client.OperatorClient;
import io.dmon.proto.v1.JobView;
import io.dmon.proto.v1.ListJobsRequest;
import io.dmon.proto.v1.Selector;
import java.util.ArrayList;
import java.util.List;

/**
 * Job ids as an operator may write them: {@code NAME@HOST}, or the bare {@code NAME} of a job
 * that exists on one host only ({@code dmonctl logs rsync}). A bare name is looked up with one
 * ListJobs; one that is on no host, or on several, is refused naming what was found.
 */
final class JobNames {
    private JobNames() {
    }

    /** The selector with every bare name in its ids made {@code NAME@HOST}. */
    static Selector resolve(OperatorClient client, Selector selector) {
        if (selector.getJobIdsList().stream().allMatch(id -> id.contains("@"))) {
            return selector;
        }
        return selector.toBuilder().clearJobIds().addAllJobIds(resolve(client, selector.getJobIdsList())).build();
    }

    /**
     * The ids, each bare name made {@code NAME@HOST}.
     *
     * @throws CliException NOT_FOUND for a name on no host, usage for one on several
     */
    static List<String> resolve(OperatorClient client, List<String> ids) {
        List<JobView> all = null;
        List<String> out = new ArrayList<>();
        for (String id : ids) {
            if (id.contains("@")) {
                out.add(id);
                continue;
            }
            if (all == null) {
                all = client.listJobs(ListJobsRequest.getDefaultInstance()).getJobsList();
            }
            List<String> found = all.stream().filter(v -> v.getJob().getName().equals(id))
                    .map(v -> v.getJob().getId()).sorted().toList();
            if (found.isEmpty()) {
                throw new CliException(ExitCode.NOT_FOUND, "no job named '" + id + "' on any host");
            }
            if (found.size() > 1) {
                throw CliException.usage("job name '" + id + "' is on " + found.size() + " hosts ("
                        + String.join(", ", found) + "): give NAME@HOST");
            }
            out.add(found.get(0));
        }
        return out;
    }
}
