package io.dmon.coordinator.store;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import com.google.protobuf.Parser;
import com.hazelcast.topic.ITopic;
import io.dmon.proto.v1.HostLogRead;
import io.dmon.proto.v1.HostLogReply;
import io.dmon.proto.v1.LogRange;
import java.lang.System.Logger.Level;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * {@link LogReadBus} on two ITopics, {@code log-reads} and {@code log-replies}, carrying message
 * bytes. An answer is as large as an agent's answer (it bounds its bytes) and goes to every member;
 * a member reads an answer's origin first and parses its lines only when the answer is its own
 * (a follower catching up through its host asks for thousands of lines a second, and every
 * member parsing every answer cost more than the asker's own reading).
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
    public Subscription onReply(String origin, Consumer<HostLogReply> consumer) {
        UUID id = replies.addMessageListener(message -> {
            try {
                HostLogReply reply = replyTo(origin, message.getMessageObject());
                if (reply != null) {
                    consumer.accept(reply);
                }
            } catch (InvalidProtocolBufferException e) {
                LOG.log(Level.WARNING, "dropping an unreadable message on " + replies.getName() + ": " + e.getMessage());
            }
        });
        return () -> replies.removeMessageListener(id);
    }

    /**
     * The answer in {@code bytes} when it answers {@code origin}, else null, found without
     * parsing the lines of others' answers. Its range is parsed as a message of its own (inside
     * the reply's builder every line added marked the reply changed).
     */
    static HostLogReply replyTo(String origin, byte[] bytes) throws InvalidProtocolBufferException {
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        String from = null;
        ByteString range = null;
        try {
            for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                int field = WireFormat.getTagFieldNumber(tag);
                boolean delimited = WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED;
                if (field == HostLogReply.ORIGIN_FIELD_NUMBER && delimited && from == null) {
                    from = in.readStringRequireUtf8();
                    if (!from.equals(origin)) {
                        return null;
                    }
                } else if (field == HostLogReply.RANGE_FIELD_NUMBER && delimited && range == null) {
                    range = in.readBytes();
                } else {
                    // Not as this bus writes answers (a field twice, a newer field): the general way.
                    HostLogReply reply = HostLogReply.parseFrom(bytes);
                    return reply.getOrigin().equals(origin) ? reply : null;
                }
            }
        } catch (InvalidProtocolBufferException e) {
            throw e;
        } catch (java.io.IOException e) {
            throw new InvalidProtocolBufferException(e);
        }
        if (!origin.equals(from == null ? "" : from)) {
            return null;
        }
        HostLogReply.Builder reply = HostLogReply.newBuilder().setOrigin(origin);
        if (range != null) {
            reply.setRange(LogRange.parseFrom(range));
        }
        return reply.build();
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
