package io.dmon.coordinator.store;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;
import com.hazelcast.topic.ITopic;
import io.dmon.proto.v1.HostLogRead;
import io.dmon.proto.v1.HostLogReply;
import java.lang.System.Logger.Level;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * {@link LogReadBus} on two ITopics, {@code log-reads} and {@code log-replies}, carrying message
 * bytes. An answer is as large as an agent's answer (it bounds its bytes) and goes to every member.
 */
final class HazelcastLogReadBus implements LogReadBus {
    static final String READS = "log-reads";
    static final String REPLIES = "log-replies";
    private static final System.Logger LOG = System.getLogger(HazelcastLogReadBus.class.getName());

    private final ITopic<byte[]> reads;
    private final ITopic<byte[]> replies;

    HazelcastLogReadBus(ITopic<byte[]> reads, ITopic<byte[]> replies) {
        this.reads = reads;
        this.replies = replies;
    }

    @Override
    public void ask(HostLogRead read) {
        reads.publish(read.toByteArray());
    }

    @Override
    public void answer(HostLogReply reply) {
        replies.publish(reply.toByteArray());
    }

    @Override
    public Subscription onRead(Consumer<HostLogRead> consumer) {
        return subscribe(reads, HostLogRead.parser(), consumer);
    }

    @Override
    public Subscription onReply(Consumer<HostLogReply> consumer) {
        return subscribe(replies, HostLogReply.parser(), consumer);
    }

    private static <T> Subscription subscribe(ITopic<byte[]> topic, Parser<T> parser, Consumer<T> consumer) {
        UUID id = topic.addMessageListener(message -> {
            try {
                consumer.accept(parser.parseFrom(message.getMessageObject()));
            } catch (InvalidProtocolBufferException e) {
                LOG.log(Level.WARNING, "dropping an unreadable message on " + topic.getName() + ": " + e.getMessage());
            }
        });
        return () -> topic.removeMessageListener(id);
    }
}
