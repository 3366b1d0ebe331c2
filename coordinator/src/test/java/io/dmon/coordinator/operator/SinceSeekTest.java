package io.dmon.coordinator.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.dmon.proto.v1.LogLine;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Finding where a host's lines reach a time, over hosts that keep some of a job's lines. */
class SinceSeekTest {

    /** A host keeping {@code lines} (by seq) that answers as an agent's spool does. */
    private static HostLogs host(TreeMap<Long, LogLine> lines, AtomicInteger reads) {
        return (jobId, from, max) -> {
            reads.incrementAndGet();
            List<LogLine> out = lines.tailMap(from, true).values().stream().limit(max).toList();
            return CompletableFuture.completedFuture(
                    Optional.of(new HostLogs.Kept(out, lines.isEmpty() ? from : lines.firstKey())));
        };
    }

    private static LogLine line(long seq, long unixMs) {
        return LogLine.newBuilder().setJobId("j@h").setSeq(seq).setUnixMs(unixMs).setLine(ByteString.copyFromUtf8("x"))
                .build();
    }

    @Test
    void findsTheFirstKeptLineAtOrAfterTheTimeInFewReads() {
        Random random = new Random(20261204);
        for (int round = 0; round < 1000; round++) {
            // Seqs 1..n with gaps (lines the host no longer has or never got), times rising with
            // equal neighbours (many lines in one millisecond).
            int n = 1 + random.nextInt(round < 500 ? 50 : 20_000);
            TreeMap<Long, LogLine> kept = new TreeMap<>();
            long time = 1_000;
            long oldest = 1 + random.nextInt(Math.max(1, n / 3));
            for (long seq = oldest; seq <= n; seq++) {
                time += random.nextInt(3);
                if (random.nextInt(10) > 0) {
                    kept.put(seq, line(seq, time));
                }
            }
            long from = 1 + random.nextInt(n);
            long before = from + random.nextInt(n - (int) from + 2);
            long since = 1_000 + random.nextInt((int) (time - 1_000) + 3);
            AtomicInteger reads = new AtomicInteger();

            long start = SinceSeek.start(host(kept, reads), "j@h", from, before, since).join();

            String what = "round " + round + ": from " + from + " before " + before + " since " + since;
            assertThat(start).as(what).isBetween(from, Math.max(from, before));
            // Every kept line the start passes over is older than the time...
            assertThat(kept.subMap(from, true, start, false).values()).as(what)
                    .allSatisfy(l -> assertThat(l.getUnixMs()).isLessThan(since));
            // ...and the first one it lets through (within the range) is not.
            var next = kept.ceilingEntry(start);
            if (start < before && next != null && next.getKey() < before) {
                assertThat(next.getValue().getUnixMs()).as(what).isGreaterThanOrEqualTo(since);
            }
            int bound = 2 * (64 - Long.numberOfLeadingZeros(Math.max(1, before - from))) + 2;
            assertThat(reads.get()).as(what + ": reads").isLessThanOrEqualTo(bound);
        }
    }

    @Test
    void aHostThatCannotBeAskedLeavesTheLowestSeqNotRuledOut() {
        TreeMap<Long, LogLine> kept = new TreeMap<>();
        for (long seq = 1; seq <= 1000; seq++) {
            kept.put(seq, line(seq, seq));
        }
        AtomicInteger reads = new AtomicInteger();
        HostLogs answering = host(kept, reads);
        List<Long> asked = new ArrayList<>();
        // Answers the first read (seq 501: too old, so the start is after it), then no more.
        HostLogs thenGone = (jobId, from, max) -> {
            asked.add(from);
            return asked.size() == 1 ? answering.read(jobId, from, max)
                    : CompletableFuture.completedFuture(Optional.empty());
        };

        assertThat(SinceSeek.start(thenGone, "j@h", 1, 1001, 900).join()).isEqualTo(502L);
        assertThat(SinceSeek.start(HostLogs.NONE, "j@h", 1, 1001, 900).join()).isEqualTo(1L);
    }
}
