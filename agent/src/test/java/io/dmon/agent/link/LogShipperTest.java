package io.dmon.agent.link;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.agent.spool.Spool;
import io.dmon.agent.spool.SpoolSet;
import io.dmon.proto.v1.LogBatch;
import io.dmon.proto.v1.LogLine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Batching, flow control and replay of the spools, without a network. */
class LogShipperTest {
    @TempDir
    Path dir;

    private static void write(Spool spool, int lines) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            b.append("line ").append(i).append('\n');
        }
        byte[] bytes = b.toString().getBytes(StandardCharsets.UTF_8);
        spool.append(bytes, 0, bytes.length, 1, 0);
    }

    @Test
    void batchesAreBoundedAndAtMostTheWindowIsInFlightUntilAcknowledged() throws IOException {
        try (SpoolSet spools = SpoolSet.open(dir, 1 << 20, m -> { })) {
            Spool spool = spools.spool("j");
            write(spool, 100);
            LogShipper shipper = new LogShipper(spools, 30, 8, 1 << 20, m -> { });
            List<LogLine> sent = new ArrayList<>();
            for (LogBatch b; (b = shipper.next()) != null; ) {
                assertThat(b.getLinesCount()).isLessThanOrEqualTo(8);
                sent.addAll(b.getLinesList());
            }
            assertThat(sent).extracting(LogLine::getSeq).as("the window").hasSize(30).startsWith(1L).endsWith(30L);
            spool.ack(20);
            for (LogBatch b; (b = shipper.next()) != null; ) {
                sent.addAll(b.getLinesList());
            }
            assertThat(sent).extracting(LogLine::getSeq).hasSize(50).endsWith(50L);
        }
    }

    @Test
    void aNewShipperReplaysFromTheFirstUnacknowledgedLineAndJobsTakeTurns() throws IOException {
        try (SpoolSet spools = SpoolSet.open(dir, 1 << 20, m -> { })) {
            write(spools.spool("a"), 10);
            write(spools.spool("b"), 10);
            LogShipper first = new LogShipper(spools, 1000, 4, 1 << 20, m -> { });
            LogBatch one = first.next();
            LogBatch two = first.next();
            assertThat(one.getLines(0).getJobId()).isNotEqualTo(two.getLines(0).getJobId());
            spools.ack("a", 3);
            LogShipper second = new LogShipper(spools, 1000, 100, 1 << 20, m -> { });
            LogBatch all = second.next();
            assertThat(all.getLinesList()).filteredOn(l -> l.getJobId().equals("a")).extracting(LogLine::getSeq)
                    .startsWith(4L).hasSize(7);
            assertThat(all.getLinesList()).filteredOn(l -> l.getJobId().equals("b")).extracting(LogLine::getSeq)
                    .startsWith(1L).hasSize(10);
            assertThat(second.next()).isNull();
        }
    }

    @Test
    void aBatchStaysUnderItsByteBudget() throws IOException {
        try (SpoolSet spools = SpoolSet.open(dir, 1 << 20, m -> { })) {
            write(spools.spool("a"), 100);
            LogShipper shipper = new LogShipper(spools, 1000, 512, 50, m -> { });
            LogBatch b = shipper.next();
            long bytes = b.getLinesList().stream().mapToLong(l -> l.getLine().size()).sum();
            assertThat(bytes).isLessThanOrEqualTo(50);
            assertThat(b.getLinesCount()).isGreaterThan(1);
        }
    }

    @Test
    void aJobRunAgainUnderARemovedOnesIdIsSentFromItsFirstLineWithItsCreation() throws IOException {
        try (SpoolSet spools = SpoolSet.open(dir, 1 << 20, m -> { })) {
            spools.claim("x", 1000);
            write(spools.spool("x"), 50);
            LogShipper shipper = new LogShipper(spools, 1000, 100, 1 << 20, m -> { });
            assertThat(shipper.next().getLinesList()).extracting(LogLine::getSeq).hasSize(50).endsWith(50L);
            spools.ack("x", 1000, 50);
            spools.retire("x");

            spools.claim("x", 2000);
            write(spools.spool("x"), 5);
            // The removed job's acknowledgement, late: it says nothing of the new job's lines.
            spools.ack("x", 1000, 50);

            LogBatch batch = shipper.next();
            assertThat(batch).as("the new job's lines, though the removed one had sent up to 50").isNotNull();
            assertThat(batch.getLinesList()).extracting(LogLine::getSeq).containsExactly(1L, 2L, 3L, 4L, 5L);
            assertThat(batch.getLinesList()).extracting(LogLine::getJobCreatedUnixMs).containsOnly(2000L);
            assertThat(spools.spool("x").acked()).isZero();
        }
    }

    @Test
    void aClaimDropsTheRemovedJobsUnacknowledgedLinesAndAKeptSpoolLearnsItsCreation() throws IOException {
        List<String> said = new ArrayList<>();
        try (SpoolSet spools = SpoolSet.open(dir, 1 << 20, said::add)) {
            write(spools.spool("old"), 10);
            spools.claim("old", 0);
            spools.claim("old", 3000);
            assertThat(spools.spool("old").nextSeq()).as("a spool of a job not known yet is that job's").isEqualTo(11);
            assertThat(spools.spool("old").incarnation()).isEqualTo(3000);
            spools.retire("old");

            spools.claim("old", 4000);
            assertThat(spools.spool("old").nextSeq()).isEqualTo(1);
            assertThat(said).containsExactly(
                    "job old: run again after its removal: 10 unacknowledged lines of the removed job dropped from the log spool");
        }
        try (SpoolSet again = SpoolSet.open(dir, 1 << 20, m -> { })) {
            assertThat(again.spools()).isEmpty();
        }
    }
}
