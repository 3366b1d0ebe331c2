/**
 * The agent's disk spool: every output line of every job, kept on local disk until a coordinator
 * acknowledged it, so no line is lost while coordinators are away or the agent restarts.
 *
 * <p>Format, one folder per job ({@code STATE/spool/NAME/}):
 * <ul>
 *   <li>{@code SEQ.seg} — a segment: length-delimited {@code dmon.v1.LogLine} messages (a varint
 *       length, then the message), the first with seq SEQ (20 digits), the rest following without
 *       gaps. {@code job_id} is left out on disk (the folder names the job). The spool writes and
 *       reads them field by field ({@code LineRecord}) as {@link io.dmon.agent.spool.SpooledLine}s,
 *       its own model; the link makes LogLines of them. A segment is closed once it holds a
 *       sixteenth of the bound (4 KiB to 4 MiB), so acknowledging or dropping frees space a
 *       segment at a time. A line longer than 1 MiB is spooled as several records of at most
 *       1 MiB each (each LogLine must fit in a gRPC message).
 *   <li>{@code cursor} — Java properties {@code job}, {@code acked} (the highest acknowledged
 *       seq), {@code next} (the next seq to give), {@code incarnation} (the coordinator's creation
 *       time of the job whose lines these are; absent in an older agent's spool) and, while an overflow episode is not over,
 *       {@code dropped.first} and {@code dropped.last} (the seqs dropped unacknowledged), replaced
 *       atomically on every acknowledgement and every drop.
 * </ul>
 *
 * <p>Writes are grouped: one flush per chunk of lines from the pump, no fsync (a killed agent
 * loses nothing, the page cache survives it; after a power cut a torn last record is cut off on
 * opening). Seqs count from 1 over the job's whole life on the host, across runs and agent
 * restarts; a job removed and run again under the same id is another job, whose spool replaces the
 * removed one's (its unacknowledged lines dropped) and counts from 1 again. A chunk the disk refuses (full, read-only) leaves nothing behind and is written again
 * until it goes in, the job's pipe holding the rest meanwhile: a full disk slows a job down, it
 * does not lose its lines.
 */
package io.dmon.agent.spool;
