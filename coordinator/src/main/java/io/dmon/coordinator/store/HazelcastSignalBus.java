package io.dmon.coordinator.store;

import com.google.protobuf.InvalidProtocolBufferException;
import com.hazelcast.topic.ITopic;
import io.dmon.proto.v1.SignalJob;
import java.lang.System.Logger.Level;
import java.util.UUID;
import java.util.function.Consumer;

/** {@link SignalBus} on the ITopic {@code signals}, carrying {@link SignalJob} bytes. */
final class HazelcastSignalBus implements SignalBus {
    static final String TOPIC = "signals";
    private static final System.Logger LOG = System.getLogger(HazelcastSignalBus.class.getName());

    private final ITopic<byte[]> topic;

    HazelcastSignalBus(ITopic<byte[]> topic) {
        this.topic = topic;
    }

    @Override
    public void publish(SignalJob signal) {
        topic.publish(signal.toByteArray());
    }

    @Override
    public Subscription subscribe(Consumer<SignalJob> consumer) {
        UUID id = topic.addMessageListener(message -> {
            try {
                consumer.accept(SignalJob.parseFrom(message.getMessageObject()));
            } catch (InvalidProtocolBufferException e) {
                LOG.log(Level.WARNING, "dropping an unreadable signal: " + e.getMessage());
            }
        });
        return () -> topic.removeMessageListener(id);
    }
}
