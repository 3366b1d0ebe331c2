package io.dmon.coordinator.operator;

import io.dmon.proto.v1.LogLine;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where a job's lines from a time on begin in its host's store, found by bisecting the seqs with
 * one-line reads, so that {@code logs --since 10m} of a job that kept a million lines asks its
 * host for a few dozen lines and then reads only what it shows, instead of the whole store. A
 * job's lines are taken to be in time order (the host stamps them as they come); after its clock
 * stepped back, lines written before the step may be left out. Lines older than the time that
 * the reading start still lets through are dropped by the reader ({@link JobLogCursor}).
 */
final class SinceSeek {
    private SinceSeek() {
    }

    /**
     * The lowest seq in {@code [from, before)} from which the host's first kept line is stamped at
     * or after {@code sinceMs}, or {@code before} when none in the range is. Never fails: when the
     * host cannot be asked, the lowest seq not yet ruled out.
     */
    static CompletableFuture<Long> start(HostLogs hosts, String jobId, long from, long before, long sinceMs) {
        if (from >= before) {
            return CompletableFuture.completedFuture(from);
        }
        long mid = from + (before - from) / 2;
        return hosts.read(jobId, mid, 1).thenCompose(kept -> {
            if (kept.isEmpty()) {
                return CompletableFuture.completedFuture(from);
            }
            List<LogLine> lines = kept.get().lines();
            LogLine first = lines.isEmpty() ? null : lines.get(0);
            if (first == null || first.getSeq() >= before || first.getUnixMs() >= sinceMs) {
                // Nothing older than the time at or after mid: the start is at mid or before.
                return start(hosts, jobId, from, mid, sinceMs);
            }
            // The host keeps nothing between mid and that line, which is too old: start after it.
            return start(hosts, jobId, first.getSeq() + 1, before, sinceMs);
        });
    }
}
