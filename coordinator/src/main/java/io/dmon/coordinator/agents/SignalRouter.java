package io.dmon.coordinator.agents;

import io.dmon.coordinator.fleet.JobId;
import io.dmon.coordinator.store.HostStore;
import io.dmon.coordinator.store.SignalBus;
import io.dmon.coordinator.store.Subscription;
import io.dmon.proto.v1.HostView;
import io.dmon.proto.v1.SignalJob;
import java.lang.System.Logger.Level;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * Takes an operator's signal to the coordinator holding the job's agent session: straight down
 * the session when that is this coordinator, otherwise over the store's signal topic, where every
 * coordinator hears it and the holder delivers it.
 *
 * <p>The holder is who the store says holds the host, not merely who has a session object for
 * it: a session the agent already left for another coordinator may not have noticed yet, and a
 * signal sent down it would be lost.
 */
public final class SignalRouter implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SignalRouter.class.getName());

    private final SessionRegistry registry;
    private final HostStore hosts;
    private final SignalBus bus;
    private final Supplier<String> self;
    private final Subscription subscription;

    /**
     * @param executor runs deliveries of signals heard on the topic, which need a store read and
     *                 so must leave the store's event thread
     */
    public SignalRouter(SessionRegistry registry, HostStore hosts, SignalBus bus, Supplier<String> self,
            Executor executor) {
        this.registry = registry;
        this.hosts = hosts;
        this.bus = bus;
        this.self = self;
        this.subscription = bus.subscribe(signal -> {
            try {
                executor.execute(() -> deliverIfHeld(signal));
            } catch (RejectedExecutionException e) {
                LOG.log(Level.DEBUG, "coordinator closing: dropped a signal for " + signal.getJobId());
            }
        });
    }

    /** Sends the signal towards the job's agent; delivery to a held host is best effort, once. */
    public void route(SignalJob signal) {
        if (!deliverIfHeld(signal)) {
            bus.publish(signal);
        }
    }

    @Override
    public void close() {
        subscription.close();
    }

    private boolean deliverIfHeld(SignalJob signal) {
        String host = JobId.parse(signal.getJobId()).map(JobId::host).orElse("");
        boolean heldHere = registry.holds(host)
                && hosts.get(host).map(HostView::getCoordinator).filter(self.get()::equals).isPresent();
        return heldHere && registry.signal(host, signal);
    }
}
