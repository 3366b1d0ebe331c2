package io.dmon.coordinator.store;

/** A registration with the store (a listener, a topic subscription); closing it ends the delivery. */
public interface Subscription extends AutoCloseable {
    @Override
    void close();
}
