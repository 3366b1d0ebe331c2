package io.dmon.agent.link;

import io.dmon.agent.spool.Spool;
import io.dmon.agent.spool.SpoolSet;
import io.dmon.agent.spool.SpooledLine;
import io.dmon.proto.v1.LogBatch;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Cuts the spools into LogBatches for one session. Each job starts at its first unacknowledged
 * seq (so a new session replays what the last one may have lost: duplicates only of lines never
 * acknowledged), then follows new lines; at most {@code maxInFlight} lines per job are sent and
 * not yet acknowledged, so a slow coordinator holds lines on the agent's disk, not in memory.
 * Jobs take turns, so one chatty job does not starve the others. One thread only.
 */
final class LogShipper {
    private final SpoolSet spools;
    private final int maxInFlight;
    private final int maxLines;
    private final long maxBytes;
    private final Consumer<String> diagnostics;
    /**
     * Per job, the next seq to send in this session, of the spool it was for: a job removed and
     * run again has a new spool whose seqs start at 1 again, from its first unacknowledged line.
     */
    private final Map<String, Sent> next = new HashMap<>();
    private int turn;

    /**
     * @param maxInFlight lines per job sent and not yet acknowledged, at most
     * @param maxLines    lines per batch, at most
     * @param maxBytes    line bytes per batch, at most (a single longer line still goes alone)
     */
    LogShipper(SpoolSet spools, int maxInFlight, int maxLines, long maxBytes, Consumer<String> diagnostics) {
        this.spools = spools;
        this.maxInFlight = maxInFlight;
        this.maxLines = maxLines;
        this.maxBytes = maxBytes;
        this.diagnostics = diagnostics;
    }

    /** The next batch to send, or null when nothing may be sent now. */
    LogBatch next() {
        List<Spool> all = spools.spools();
        if (all.isEmpty()) {
            return null;
        }
        LogBatch.Builder batch = LogBatch.newBuilder();
        long bytes = 0;
        int start = Math.floorMod(turn++, all.size());
        for (int i = 0; i < all.size() && batch.getLinesCount() < maxLines && bytes < maxBytes; i++) {
            Spool spool = all.get((start + i) % all.size());
            long acked = spool.acked();
            Sent sent = next.get(spool.jobId());
            long from = Math.max(sent != null && sent.spool() == spool ? sent.next() : acked + 1, spool.firstSeq());
            long window = acked + maxInFlight + 1 - from;
            int room = (int) Math.min(maxLines - batch.getLinesCount(), window);
            if (room <= 0 || from >= spool.nextSeq()) {
                continue;
            }
            List<SpooledLine> lines;
            try {
                lines = spool.read(from, room, batch.getLinesCount() == 0 ? maxBytes : maxBytes - bytes);
            } catch (IOException e) {
                diagnostics.accept("job " + spool.jobId() + ": cannot read the log spool: " + e.getMessage());
                continue;
            }
            if (lines.isEmpty()) {
                continue;
            }
            if (batch.getLinesCount() > 0 && bytes + lines.get(0).text().length > maxBytes) {
                break;
            }
            for (SpooledLine line : lines) {
                bytes += line.text().length;
                batch.addLines(ReportMapper.line(spool.jobId(), spool.incarnation(), line));
            }
            next.put(spool.jobId(), new Sent(spool, lines.get(lines.size() - 1).seq() + 1));
        }
        return batch.getLinesCount() == 0 ? null : batch.build();
    }

    /** The next seq to send of one spool. */
    private record Sent(Spool spool, long next) {
    }
}
