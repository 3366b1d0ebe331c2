package io.dmon.coordinator.store;

import io.dmon.proto.v1.SignalJob;
import java.util.function.Consumer;

/**
 * Signals on their way to the coordinator that holds the job's agent session: published by the
 * coordinator an operator asked, received by every coordinator (each delivers only what it holds).
 */
public interface SignalBus {
    void publish(SignalJob signal);

    /** Calls {@code consumer} on the store's event threads for every signal published by any member. */
    Subscription subscribe(Consumer<SignalJob> consumer);
}
