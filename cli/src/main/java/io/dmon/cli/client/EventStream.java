package io.dmon.cli.client;

import com.google.protobuf.ByteString;
import io.dmon.proto.v1.EventsRequest;
import io.dmon.proto.v1.JobEvent;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * An Events call that, when following, goes on through another coordinator when its own goes
 * away, without repeats: it asks again for what happened since {@link #OVERLAP_MS} before the
 * newest event it has, and drops every event it has already passed on. Events have no sequence
 * of their own; an event is known by its whole content (job, kind, pid, run, time...), which two
 * different events never share. {@link #cancel()} may be called from any thread.
 */
public final class EventStream implements AutoCloseable {
    /**
     * How far back a resumed call reaches: agents batch their reports, so an event may be stored
     * after a newer one of another host; this covers their delay with room to spare.
     */
    static final long OVERLAP_MS = 10_000;

    private final EventsRequest request;
    private final ServerStream<JobEvent> stream;
    /** The events passed on within OVERLAP_MS of the newest, by time. */
    private final TreeMap<Long, Set<ByteString>> recent = new TreeMap<>();
    private volatile long newestMs = -1;

    EventStream(OperatorClient client, EventsRequest request) {
        this.request = request;
        this.stream = new ServerStream<>(client, stub -> stub.events(resumeRequest()), !request.getFollow(),
                request.getFollow());
    }

    /** The request as first given, or once something was received, what a resumed call asks. */
    private EventsRequest resumeRequest() {
        long newest = newestMs;
        if (newest < 0) {
            return request;
        }
        long since = Math.max(request.getSinceUnixMs(), newest - OVERLAP_MS);
        return request.toBuilder().setSinceUnixMs(Math.max(1, since)).setRecent(0).build();
    }

    /** Tells {@code listener} why, each time the stream is resumed through another coordinator. */
    public EventStream onResume(Consumer<String> listener) {
        stream.onResume(listener);
        return this;
    }

    /**
     * The next event not passed on before, or null at the end of the stream or after
     * {@link #cancel()}. Blocks until one comes.
     *
     * @throws io.dmon.cli.CliException when the call fails
     */
    public JobEvent next() {
        while (true) {
            JobEvent event = stream.next();
            if (event == null || remember(event)) {
                return event;
            }
        }
    }

    /** False for an event passed on already. */
    private synchronized boolean remember(JobEvent event) {
        if (!recent.computeIfAbsent(event.getUnixMs(), ms -> new HashSet<>()).add(event.toByteString())) {
            return false;
        }
        if (event.getUnixMs() > newestMs) {
            newestMs = event.getUnixMs();
        }
        recent.headMap(newestMs - OVERLAP_MS).clear();
        return true;
    }

    /** Ends the call; a thread blocked in {@link #next()} gets null. */
    public void cancel() {
        stream.cancel();
    }

    @Override
    public void close() {
        cancel();
    }
}
