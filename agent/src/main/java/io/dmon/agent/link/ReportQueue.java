package io.dmon.agent.link;

import io.dmon.agent.host.HostEvent;
import io.dmon.agent.host.HostListener;
import io.dmon.agent.host.JobReport;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where supervisors leave their reports for the link, without ever waiting: the latest status of
 * each job (a newer one replaces an unsent older one: status is a level) and the events in order,
 * bounded; past the bound new events are dropped and counted. Kept while disconnected: statuses
 * are re-sent whole on every Register anyway, events go out after the reconnect.
 */
public final class ReportQueue implements HostListener {
    private final int maxEvents;
    private final ArrayDeque<HostEvent> events = new ArrayDeque<>();
    private final Map<String, JobReport> statuses = new LinkedHashMap<>();
    private volatile Runnable wake = () -> { };
    private long dropped;
    private long pendingSince;

    /** @param maxEvents events held at most while the link cannot send them */
    public ReportQueue(int maxEvents) {
        this.maxEvents = maxEvents;
    }

    /** Called after every report (on the reporter's thread; must not block). */
    void onReport(Runnable wake) {
        this.wake = wake;
    }

    @Override
    public void event(HostEvent event) {
        synchronized (this) {
            if (events.size() >= maxEvents) {
                dropped++;
                return;
            }
            events.add(event);
            notePending();
        }
        wake.run();
    }

    @Override
    public void status(JobReport report) {
        synchronized (this) {
            statuses.remove(report.jobId());
            statuses.put(report.jobId(), report);
            notePending();
        }
        wake.run();
    }

    /** Up to {@code max} events, oldest first, removed from the queue. */
    synchronized List<HostEvent> takeEvents(int max) {
        List<HostEvent> taken = new ArrayList<>(Math.min(max, events.size()));
        while (taken.size() < max && !events.isEmpty()) {
            taken.add(events.poll());
        }
        clearPendingIfEmpty();
        return taken;
    }

    /** Every status waiting, removed from the queue. */
    synchronized List<JobReport> takeStatuses() {
        List<JobReport> taken = new ArrayList<>(statuses.values());
        statuses.clear();
        clearPendingIfEmpty();
        return taken;
    }

    /** System.nanoTime when the oldest report still waiting came; 0 when none waits. */
    synchronized long pendingSinceNanos() {
        return pendingSince;
    }

    private void notePending() {
        if (pendingSince == 0) {
            pendingSince = Math.max(1, System.nanoTime());
        }
    }

    private void clearPendingIfEmpty() {
        if (events.isEmpty() && statuses.isEmpty()) {
            pendingSince = 0;
        }
    }

    /** Events dropped so far because the queue was full. */
    public synchronized long droppedEvents() {
        return dropped;
    }
}
