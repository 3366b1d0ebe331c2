package io.dmon.coordinator.gates;

import io.dmon.coordinator.fleet.FleetEvents;
import io.dmon.coordinator.fleet.HostLiveness;
import io.dmon.coordinator.store.FleetStore;
import io.dmon.coordinator.store.Updated;
import io.dmon.proto.v1.Gate;
import io.dmon.proto.v1.HostView;
import io.dmon.proto.v1.Job;
import io.dmon.proto.v1.JobEvent;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The cluster's one evaluator of gates. Runs on every coordinator and acts only on the oldest
 * member, every {@link #TICK}: reads what each gate watches and writes its transitions with
 * compare-and-set on the gate record (a coordinator taking over after the oldest left cannot
 * decide a change twice: the record already says it), publishing GATE_CLOSED / GATE_OPENED for
 * the transitions it won; then sets every job's {@code gates} to the closed gates that select it
 * (level-triggered, so a missed tick or a removed gate is put right by the next); then clears
 * leased pauses that have run out.
 */
public final class GateEvaluator implements AutoCloseable {
    public static final Duration TICK = Duration.ofMillis(500);
    private static final System.Logger LOG = System.getLogger(GateEvaluator.class.getName());

    private final FleetStore store;
    private final Clock clock;
    private final WatchedLoad watched;
    private final LeaseTidy leases;
    private final ScheduledExecutorService timer;
    private volatile String lastTrouble = "";

    /**
     * @param downGrace how long a watched host may be DOWN before it counts as below the low mark
     */
    public GateEvaluator(FleetStore store, Clock clock, Duration downGrace) {
        this.store = store;
        this.clock = clock;
        this.watched = new WatchedLoad(new HostLiveness(clock), downGrace);
        this.leases = new LeaseTidy(store.jobs());
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "dmon-gate-evaluator");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Ticks from now on, until {@link #close()}. */
    public GateEvaluator start() {
        timer.scheduleWithFixedDelay(this::safeTick, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** One round, if this member is the evaluator; what {@link #start()} runs every tick. */
    public void tick() {
        if (!store.cluster().isOldest()) {
            return;
        }
        long now = clock.millis();
        Map<String, HostView> hosts = store.hosts().all().stream()
                .collect(Collectors.toMap(HostView::getName, Function.identity(), (a, b) -> b));
        for (Gate gate : store.gates().all()) {
            evaluate(gate.getName(), hosts, now);
        }
        List<Job> jobs = store.jobs().all();
        reconcile(jobs, hosts);
        leases.tidy(jobs, now);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void evaluate(String name, Map<String, HostView> hosts, long now) {
        // The function may run again on contention: the last run is the one stored.
        AtomicReference<Optional<String>> cause = new AtomicReference<>(Optional.empty());
        Optional<Updated<Gate>> updated = store.gates().update(name, gate -> {
            GatePolicy.Decision decision = GatePolicy.decide(gate, watched.read(gate, hosts), now);
            cause.set(decision.cause());
            return decision.gate();
        });
        if (updated.isPresent() && updated.get().before().getClosed() != updated.get().after().getClosed()) {
            JobEvent.Kind kind = updated.get().after().getClosed() ? JobEvent.Kind.GATE_CLOSED : JobEvent.Kind.GATE_OPENED;
            String why = cause.get().orElse("");
            LOG.log(Level.INFO, "gate " + name + " " + (updated.get().after().getClosed() ? "closed" : "opened") + ": " + why);
            store.events().publish(List.of(FleetEvents.ofGate(kind, name, why, now)));
        }
    }

    private void reconcile(List<Job> jobs, Map<String, HostView> hosts) {
        GateHolds holds = GateHolds.of(store.gates().all());
        Map<String, Map<String, String>> labels = GateHolds.labelsByHost(hosts.values());
        // One batched edit per distinct list of gates (usually one or two), not one call per job:
        // a gate closing over a thousand jobs is one cluster call.
        Map<List<String>, List<String>> idsByNames = new HashMap<>();
        for (Job job : jobs) {
            List<String> names = holds.namesFor(job, labels.getOrDefault(job.getHost(), Map.of()));
            if (!names.equals(job.getGatesList())) {
                idsByNames.computeIfAbsent(List.copyOf(names), n -> new ArrayList<>()).add(job.getId());
            }
        }
        idsByNames.forEach((names, ids) -> store.jobs().updateAll(ids, j -> j.getGatesList().equals(names)
                ? j : j.toBuilder().clearGates().addAllGates(names).build()));
    }

    private void safeTick() {
        try {
            tick();
            lastTrouble = "";
        } catch (RuntimeException e) {
            // A member shutting down or a cluster briefly without quorum: the next tick tries
            // again; say so once per kind of trouble, not twice a second.
            String trouble = String.valueOf(e.getMessage());
            if (!trouble.equals(lastTrouble)) {
                LOG.log(Level.WARNING, "gate evaluation failed, will retry: " + trouble);
                lastTrouble = trouble;
            }
        }
    }
}
