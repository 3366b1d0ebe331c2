package io.dmon.coordinator.store;

import io.dmon.proto.v1.LogLine;
import java.util.List;
import java.util.function.Consumer;

/**
 * The recent output of every job: a bounded ring of lines per job (the oldest fall out), whose
 * newest line's seq is the highest stored, so lines sent again after a reconnect (to any
 * coordinator) are dropped.
 */
public interface LogStore {
    /**
     * Stores the lines of one job whose seq is above the highest stored, in seq order, and
     * returns only once they and their backups are written. A gap in the seqs is taken as it is
     * (the agent dropped those lines from a full spool): nothing waits for the missing ones.
     *
     * @return the highest seq stored for the job afterwards (0 when none ever was)
     */
    long append(String jobId, List<LogLine> lines);

    /**
     * Opens the job for a run of appends by this thread: until the appender is closed nobody
     * else appends to the job, or removes it, anywhere in the cluster. Keep it open briefly, and
     * close it on the thread that opened it.
     */
    Appender open(String jobId);

    /** A run of appends of one job (see {@link #open}). */
    interface Appender extends AutoCloseable {
        /**
         * As {@link LogStore#append}: stores the lines above the highest stored, returning once
         * they and their backups are written. After a failure the appender takes no more lines.
         *
         * @return the highest seq stored for the job afterwards
         */
        long append(List<LogLine> lines);

        /** Lets the job go. */
        @Override
        void close();
    }

    /** Drops every line kept for the job (the job was removed). */
    void remove(String jobId);

    /** Lines a job's ring keeps at most (the oldest fall out). */
    int capacity();

    /** The highest seq stored for the job, 0 when none. */
    long cursor(String jobId);

    /**
     * The last {@code count} lines kept for the job ({@code count < 0}: all kept) and the position
     * to follow from.
     */
    Page<LogLine> tail(String jobId, int count);

    /** Up to {@code max} lines from ring position {@code from} on, without waiting. */
    Page<LogLine> read(String jobId, long from, int max);

    /**
     * Calls {@code listener} with a job's id soon after new lines of it were appended, through
     * any coordinator, on the store's event threads (never block them). Best effort: a notice
     * may be lost (a member leaving), so a reader still looks now and then without one.
     */
    Subscription onAppend(Consumer<String> listener);
}
