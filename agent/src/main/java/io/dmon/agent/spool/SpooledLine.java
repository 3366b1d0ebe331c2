package io.dmon.agent.spool;

/**
 * One line of a job's output as its spool keeps it: which run wrote it, its place in the job's
 * output, when it was read, and its bytes (without the newline; a longer line is spooled in
 * pieces of at most 1 MiB). The job is the spool's. The link turns it into the wire's LogLine.
 *
 * <p>{@code text} is the spool's own copy, handed over, not to be changed; equality is the
 * array's identity, as for any record holding an array.
 *
 * @param seq    counts from 1 over the job's whole life on the host
 * @param stderr the line came from the command's stderr (captured apart when the job has no -e)
 */
public record SpooledLine(long seq, int run, long unixMs, boolean stderr, byte[] text) {
}
