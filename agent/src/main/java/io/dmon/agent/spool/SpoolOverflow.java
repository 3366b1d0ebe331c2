package io.dmon.agent.spool;

import java.util.Locale;

/**
 * One overflow episode of a job's spool: from the first line dropped unacknowledged because the
 * spool was full until a coordinator acknowledged a line after the gap. Dropped lines are always
 * the oldest unacknowledged ones, so within an episode they are one range of seqs.
 *
 * @param jobId     the job
 * @param firstSeq  the first seq dropped
 * @param lastSeq   the last seq dropped
 * @param lines     lines dropped ({@code lastSeq - firstSeq + 1})
 * @param maxBytes  the spool's bound
 */
public record SpoolOverflow(String jobId, long firstSeq, long lastSeq, long lines, long maxBytes) {

    /** What the operator reads: {@code spool full at 64 MiB: 1234 lines dropped (seq 10-1243)}. */
    public String cause() {
        return "spool full at " + size(maxBytes) + ": " + lines + (lines == 1 ? " line" : " lines")
                + " dropped (seq " + (firstSeq == lastSeq ? Long.toString(firstSeq) : firstSeq + "-" + lastSeq) + ")";
    }

    static String size(long bytes) {
        if (bytes >= 1L << 30 && bytes % (1L << 30) == 0) {
            return (bytes >> 30) + " GiB";
        }
        if (bytes >= 1L << 20 && bytes % (1L << 20) == 0) {
            return (bytes >> 20) + " MiB";
        }
        if (bytes >= 1L << 10 && bytes % (1L << 10) == 0) {
            return (bytes >> 10) + " KiB";
        }
        if (bytes >= 1L << 20) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
        }
        return bytes + " bytes";
    }
}
