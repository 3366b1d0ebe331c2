package io.dmon.coordinator.operator;

import io.dmon.coordinator.fleet.JobId;
import io.dmon.coordinator.fleet.RpcErrors;
import io.dmon.coordinator.store.JobStore;
import io.dmon.proto.v1.Job;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Job ids from a request, checked and looked up: INVALID_ARGUMENT for a malformed one, NOT_FOUND
 * for an unknown one.
 */
final class JobLookup {
    private final JobStore jobs;

    JobLookup(JobStore jobs) {
        this.jobs = jobs;
    }

    /** The jobs, each once, in the order first named; throws when none is given. */
    List<Job> existing(List<String> ids) {
        if (ids.isEmpty() || (ids.size() == 1 && ids.get(0).isEmpty())) {
            throw RpcErrors.invalid("no job given");
        }
        List<Job> found = new ArrayList<>();
        for (String id : new LinkedHashSet<>(ids)) {
            checkId(id);
            found.add(jobs.get(id).orElseThrow(() -> RpcErrors.notFound("unknown job '" + id + "'")));
        }
        return found;
    }

    static void checkId(String id) {
        if (JobId.parse(id).isEmpty()) {
            throw RpcErrors.invalid("bad job id '" + id + "': expected NAME@HOST");
        }
    }
}
