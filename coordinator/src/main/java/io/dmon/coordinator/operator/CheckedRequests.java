package io.dmon.coordinator.operator;

import io.dmon.coordinator.auth.Caller;
import io.dmon.coordinator.fleet.RpcErrors;
import io.dmon.proto.v1.AddGateRequest;
import io.dmon.proto.v1.EventsRequest;
import io.dmon.proto.v1.JobsRequest;
import io.dmon.proto.v1.ListJobsRequest;
import io.dmon.proto.v1.LogsRequest;
import io.dmon.proto.v1.PauseRequest;
import io.dmon.proto.v1.RemoveGateRequest;
import io.dmon.proto.v1.RemoveRequest;
import io.dmon.proto.v1.ResumeRequest;
import io.dmon.proto.v1.RunRequest;
import io.dmon.proto.v1.SignalRequest;
import io.dmon.wire.RequestLimits;
import java.util.Optional;

/**
 * Operator requests as the service may act on them: within {@link RequestLimits} (else
 * INVALID_ARGUMENT naming the field and the limit, never the value), checked before anything else
 * reads them; and with their "by" replaced by who the caller proved to be ({@link Caller#by}):
 * {@code operator/alice}, or over plaintext the claimed {@code alice@ops1} marked unauthenticated.
 */
final class CheckedRequests {
    private CheckedRequests() {
    }

    static RunRequest run(RunRequest r) {
        return within(RequestLimits.run(r), r);
    }

    static ListJobsRequest listJobs(ListJobsRequest r) {
        return within(RequestLimits.listJobs(r), r);
    }

    static JobsRequest jobs(JobsRequest r) {
        return within(RequestLimits.jobs(r), r);
    }

    static SignalRequest signal(SignalRequest r) {
        return within(RequestLimits.signal(r), r);
    }

    static EventsRequest events(EventsRequest r) {
        return within(RequestLimits.events(r), r);
    }

    static LogsRequest logs(LogsRequest r) {
        return within(RequestLimits.logs(r), r);
    }

    static PauseRequest pause(PauseRequest r) {
        return within(RequestLimits.pause(r), r).toBuilder().setBy(Caller.currentBy(r.getBy())).build();
    }

    static ResumeRequest resume(ResumeRequest r) {
        return within(RequestLimits.resume(r), r).toBuilder().setBy(Caller.currentBy(r.getBy())).build();
    }

    static RemoveRequest remove(RemoveRequest r) {
        return within(RequestLimits.remove(r), r).toBuilder().setBy(Caller.currentBy(r.getBy())).build();
    }

    static AddGateRequest addGate(AddGateRequest r) {
        return within(RequestLimits.addGate(r), r).toBuilder().setBy(Caller.currentBy(r.getBy())).build();
    }

    static RemoveGateRequest removeGate(RemoveGateRequest r) {
        return within(RequestLimits.removeGate(r), r).toBuilder().setBy(Caller.currentBy(r.getBy())).build();
    }

    private static <T> T within(Optional<String> problem, T request) {
        problem.ifPresent(p -> {
            throw RpcErrors.invalid(p);
        });
        return request;
    }
}
