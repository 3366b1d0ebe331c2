package io.dmon.cli.command;

import io.dmon.proto.v1.JobsRequest;
import io.dmon.proto.v1.Selector;

/** Stop and Restart requests from a selector: ids go in job_ids, which every coordinator knows. */
final class JobsRequests {
    private JobsRequests() {
    }

    static JobsRequest of(Selector selector) {
        if (selector.getJobIdsCount() > 0) {
            return JobsRequest.newBuilder().addAllJobIds(selector.getJobIdsList()).build();
        }
        return JobsRequest.newBuilder().setSelector(selector).build();
    }
}
