package io.dmon.coordinator.store;

import io.dmon.proto.v1.HostLogRead;
import io.dmon.proto.v1.HostLogReply;
import java.util.function.Consumer;

/**
 * Requests for a host's kept lines on their way to the coordinator holding its agent session,
 * and the answers on their way back: every coordinator hears both; the holder answers a request,
 * the asker takes its reply. Delivery is best effort: an asker bounds its wait.
 */
public interface LogReadBus {
    void ask(HostLogRead read);

    void answer(HostLogReply reply);

    /** Calls {@code consumer} on the store's event threads (never block them) for every request. */
    Subscription onRead(Consumer<HostLogRead> consumer);

    /**
     * Calls {@code consumer} on the store's event threads (never block them) for every answer to
     * a request of {@code origin}; others' answers are passed over unread.
     */
    Subscription onReply(String origin, Consumer<HostLogReply> consumer);
}
