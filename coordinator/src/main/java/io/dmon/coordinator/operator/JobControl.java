package io.dmon.coordinator.operator;

import io.dmon.coordinator.agents.SignalRouter;
import io.dmon.coordinator.fleet.HostLiveness;
import io.dmon.coordinator.fleet.RpcErrors;
import io.dmon.coordinator.store.FleetStore;
import io.dmon.proto.v1.DesiredState;
import io.dmon.proto.v1.HostView;
import io.dmon.proto.v1.Job;
import io.dmon.proto.v1.SignalJob;
import io.dmon.proto.v1.JobsRequest;
import io.dmon.proto.v1.Selector;
import io.dmon.proto.v1.SignalRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Stop, Restart and Signal. Stop and Restart change the desired state only (level-triggered: the
 * agent applies it now or when it comes back); Signal is one-shot and needs the host UP.
 */
final class JobControl {
    /** Linux signals run from 1 to SIGRTMAX. */
    private static final int MAX_SIGNAL = 64;

    private final FleetStore store;
    private final SignalRouter router;
    private final HostLiveness liveness;
    private final JobLookup lookup;
    private final JobSelection selection;

    JobControl(FleetStore store, SignalRouter router, HostLiveness liveness) {
        this.store = store;
        this.router = router;
        this.liveness = liveness;
        this.lookup = new JobLookup(store.jobs());
        this.selection = new JobSelection(store);
    }

    List<Job> stop(JobsRequest request) {
        return changeAll(chosen(request.hasSelector(), request.getSelector(), request.getJobIdsList()), job -> job.toBuilder().setDesired(DesiredState.DESIRED_STOPPED).build());
    }

    /** Desired RUNNING with a new generation: the agent ends the current run and starts anew. */
    List<Job> restart(JobsRequest request) {
        return changeAll(chosen(request.hasSelector(), request.getSelector(), request.getJobIdsList()), job -> job.toBuilder()
                .setDesired(DesiredState.DESIRED_RUNNING).setGeneration(job.getGeneration() + 1).build());
    }

    /** Every job is checked, and its host found UP, before any is signalled. */
    List<Job> signal(SignalRequest request) {
        if (request.getSignal() < 1 || request.getSignal() > MAX_SIGNAL) {
            throw RpcErrors.invalid("bad signal " + request.getSignal() + ": give 1 to " + MAX_SIGNAL);
        }
        List<Job> jobs = chosen(request.hasSelector(), request.getSelector(), List.of(request.getJobId()));
        for (Job job : jobs) {
            HostView host = store.hosts().get(job.getHost()).orElse(HostView.getDefaultInstance());
            if (!liveness.isUp(host)) {
                throw RpcErrors.failedPrecondition("host '" + job.getHost() + "' is DOWN");
            }
        }
        for (Job job : jobs) {
            router.route(SignalJob.newBuilder().setJobId(job.getId()).setSignal(request.getSignal()).build());
        }
        return jobs;
    }

    /** The jobs a selector matches when there is one, else those named by id. */
    private List<Job> chosen(boolean bySelector, Selector selector, List<String> ids) {
        return bySelector ? selection.select(selector) : lookup.existing(ids);
    }

    private List<Job> changeAll(List<Job> found, UnaryOperator<Job> change) {
        // Every job is checked before anything changes: a typo in the third id stops none.
        List<Job> changed = new ArrayList<>();
        for (Job job : found) {
            changed.add(store.jobs().update(job.getId(), change)
                    .orElseThrow(() -> RpcErrors.notFound("unknown job '" + job.getId() + "'")));
        }
        return changed;
    }
}
