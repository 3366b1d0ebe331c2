package io.dmon.coordinator.agents;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.proto.v1.CoordinatorMessage;
import io.dmon.proto.v1.LogAck;
import io.dmon.proto.v1.LogCursor;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The outbox on a stream whose readiness the test controls, draining on the calling thread. */
class OutboxTest {
    private final FakeStream stream = new FakeStream();

    @Test
    void writesInOrderOnlyWhileTheTransportIsReady() {
        Outbox outbox = new Outbox(stream, Runnable::run, 10);
        outbox.offer(ack(1));
        stream.ready = false;
        outbox.offer(ack(2));
        outbox.offer(ack(3));
        assertThat(stream.sent).containsExactly(ack(1));
        stream.becomeReady();
        assertThat(stream.sent).containsExactly(ack(1), ack(2), ack(3));
    }

    @Test
    void aNormalEndWaitsForWhatIsQueuedAFailureDoesNot() {
        Outbox outbox = new Outbox(stream, Runnable::run, 10);
        stream.ready = false;
        outbox.offer(ack(1));
        outbox.close(Status.OK);
        assertThat(stream.completed).isFalse();
        stream.becomeReady();
        assertThat(stream.sent).containsExactly(ack(1));
        assertThat(stream.completed).isTrue();

        FakeStream other = new FakeStream();
        Outbox failing = new Outbox(other, Runnable::run, 10);
        other.ready = false;
        failing.offer(ack(1));
        failing.close(Status.UNAVAILABLE.withDescription("bye"));
        assertThat(other.sent).isEmpty();
        assertThat(other.error.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        failing.offer(ack(2));
        assertThat(other.sent).isEmpty();
    }

    @Test
    void anAgentThatDoesNotReadIsCutOffAtTheLimit() {
        Outbox outbox = new Outbox(stream, Runnable::run, 3);
        AtomicBoolean overflowed = new AtomicBoolean();
        outbox.onOverflow(() -> overflowed.set(true));
        stream.ready = false;
        for (int i = 1; i <= 4; i++) {
            outbox.offer(ack(i));
        }
        assertThat(overflowed).isTrue();
        assertThat(outbox.isClosed()).isTrue();
        assertThat(stream.error.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(stream.sent).isEmpty();
    }

    private static CoordinatorMessage ack(long seq) {
        return CoordinatorMessage.newBuilder().setAck(LogAck.newBuilder()
                .addCursors(LogCursor.newBuilder().setJobId("j@h").setSeq(seq))).build();
    }

    /** A server stream that records what is written and is ready when the test says so. */
    private static final class FakeStream extends ServerCallStreamObserver<CoordinatorMessage> {
        final List<CoordinatorMessage> sent = new ArrayList<>();
        boolean ready = true;
        boolean completed;
        Status error;
        Runnable onReady = () -> { };

        void becomeReady() {
            ready = true;
            onReady.run();
        }

        @Override
        public boolean isReady() {
            return ready;
        }

        @Override
        public void setOnReadyHandler(Runnable handler) {
            onReady = handler;
        }

        @Override
        public void onNext(CoordinatorMessage value) {
            sent.add(value);
        }

        @Override
        public void onError(Throwable t) {
            error = Status.fromThrowable(t);
        }

        @Override
        public void onCompleted() {
            completed = true;
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public void setOnCancelHandler(Runnable handler) {
        }

        @Override
        public void setCompression(String compression) {
        }

        @Override
        public void disableAutoInboundFlowControl() {
        }

        @Override
        public void request(int count) {
        }

        @Override
        public void setMessageCompression(boolean enable) {
        }
    }
}
