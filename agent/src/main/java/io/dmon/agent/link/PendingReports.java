package io.dmon.agent.link;

import io.dmon.agent.host.HostListener;
import io.dmon.proto.v1.JobEvent;
import io.dmon.proto.v1.JobStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the jobs report, waiting for the link: events in order (bounded; overflow is counted, never
 * waited for, since supervision must not wait on the network) and the latest status of each job.
 */
final class PendingReports implements HostListener {
    private final ArrayBlockingQueue<JobEvent> events = new ArrayBlockingQueue<>(10_000);
    private final Map<String, JobStatus> statuses = new LinkedHashMap<>();
    private final AtomicLong droppedEvents = new AtomicLong();
    private final Runnable wake;

    PendingReports(Runnable wake) {
        this.wake = wake;
    }

    @Override
    public void onEvent(JobEvent event) {
        if (!events.offer(event)) {
            droppedEvents.incrementAndGet();
        }
        wake.run();
    }

    @Override
    public void onStatus(JobStatus status) {
        synchronized (statuses) {
            statuses.put(status.getId(), status);
        }
        wake.run();
    }

    @Override
    public void onLines() {
        wake.run();
    }

    List<JobEvent> takeEvents(int max) {
        List<JobEvent> out = new ArrayList<>();
        events.drainTo(out, max);
        return out;
    }

    List<JobStatus> takeStatuses() {
        synchronized (statuses) {
            List<JobStatus> out = new ArrayList<>(statuses.values());
            statuses.clear();
            return out;
        }
    }

    long droppedEvents() {
        return droppedEvents.get();
    }
}
