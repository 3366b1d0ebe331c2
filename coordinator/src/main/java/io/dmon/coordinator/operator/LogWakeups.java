package io.dmon.coordinator.operator;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The followers of each job on this coordinator, woken when the store says the job's lines were
 * appended: a follower reads new lines within milliseconds of their append instead of at its next
 * look (a look every 100 ms put 50 ms on every line's way, and a job writing 100,000 lines a
 * second overwrote its ring between two looks). Thread-safe; {@link #accept} runs on the store's
 * event threads and only hands the news on.
 */
final class LogWakeups implements Consumer<String> {
    private final ConcurrentHashMap<String, Set<Runnable>> followers = new ConcurrentHashMap<>();

    /** Calls {@code wake} whenever lines of the job are appended, until the returned action runs. */
    Runnable watch(String jobId, Runnable wake) {
        followers.computeIfAbsent(jobId, id -> ConcurrentHashMap.newKeySet()).add(wake);
        return () -> followers.computeIfPresent(jobId, (id, wakes) -> {
            wakes.remove(wake);
            return wakes.isEmpty() ? null : wakes;
        });
    }

    /** Lines of {@code jobId} were appended. */
    @Override
    public void accept(String jobId) {
        Set<Runnable> wakes = followers.get(jobId);
        if (wakes != null) {
            wakes.forEach(Runnable::run);
        }
    }
}
