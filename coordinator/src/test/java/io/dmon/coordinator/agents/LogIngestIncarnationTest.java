package io.dmon.coordinator.agents;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.coordinator.store.LogStore;
import io.dmon.coordinator.store.Page;
import io.dmon.coordinator.store.Subscription;
import io.dmon.proto.v1.LogLine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Lines of a job removed and run again under the same id: those of the job the fleet holds are
 * stored, those of another job of the id (the removed one's, still on their way) are not, and are
 * acknowledged with their own job's creation, so its host lets go of them and the new job's lines,
 * whose seqs start at 1 again, are not taken for repeats.
 */
class LogIngestIncarnationTest {
    private static final long OLD = 1_800_000_000_000L;
    private static final long NEW = OLD + 60_000;

    private final Map<String, Long> held = new ConcurrentHashMap<>();
    private final Ring ring = new Ring();
    private final ExecutorService writers = Executors.newSingleThreadExecutor();
    private final LogIngest ingest = new LogIngest(ring, id -> held.containsKey(id) ? OptionalLong.of(held.get(id))
            : OptionalLong.empty(), writers, 1 << 20);
    private final Acks acks = new Acks();

    @AfterEach
    void close() throws InterruptedException {
        ingest.close();
        writers.shutdown();
        writers.awaitTermination(10, TimeUnit.SECONDS);
    }

    private static List<LogLine> lines(long created, long from, long to) {
        List<LogLine> lines = new ArrayList<>();
        for (long seq = from; seq <= to; seq++) {
            lines.add(LogLine.newBuilder().setJobId("x@h").setSeq(seq).setJobCreatedUnixMs(created).build());
        }
        return lines;
    }

    private void settle(int ackCount) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (acks.all.size() < ackCount && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(acks.all).hasSizeGreaterThanOrEqualTo(ackCount);
    }

    @Test
    void theRemovedJobsLateLinesAreAcknowledgedButNotStoredAndTheNewJobsAreStoredFromOne() throws Exception {
        held.put("x@h", NEW);
        ingest.offer("x@h", lines(OLD, 301, 320), acks);
        settle(1);
        ingest.offer("x@h", lines(NEW, 1, 30), acks);
        settle(2);

        assertThat(ring.stored).extracting(LogLine::getSeq).hasSize(30).startsWith(1L).endsWith(30L);
        assertThat(ring.stored).extracting(LogLine::getJobCreatedUnixMs).containsOnly(NEW);
        assertThat(acks.all).containsExactly("x@h " + OLD + " 320", "x@h " + NEW + " 30");
    }

    @Test
    void linesOfAJobNoLongerHeldAreNotStoredAndLinesThatDoNotSayAreAsBefore() throws Exception {
        ingest.offer("x@h", lines(OLD, 1, 5), acks);
        settle(1);
        assertThat(ring.stored).isEmpty();
        assertThat(acks.all).containsExactly("x@h " + OLD + " 5");

        ingest.offer("x@h", lines(0, 1, 5), acks);
        settle(2);
        assertThat(ring.stored).as("an older agent's lines name no job: stored").hasSize(5);
    }

    /** Acks as a session hears them: "JOB CREATED SEQ". */
    private static final class Acks implements LogIngest.Source {
        final List<String> all = new CopyOnWriteArrayList<>();
        private final LogIngest.Room room = new LogIngest.Room(1 << 20);

        @Override
        public void stored(String jobId, long incarnation, long seq) {
            all.add(jobId + " " + incarnation + " " + seq);
        }

        @Override
        public void failed(RuntimeException failure) {
            all.add("failed " + failure.getMessage());
        }

        @Override
        public LogIngest.Room room() {
            return room;
        }
    }

    /** One job's ring in memory: lines above the newest stored are taken, as the store does. */
    private static final class Ring implements LogStore {
        final List<LogLine> stored = new CopyOnWriteArrayList<>();

        @Override
        public synchronized long append(String jobId, List<LogLine> lines) {
            long newest = cursor(jobId);
            for (LogLine line : lines) {
                if (line.getSeq() > newest) {
                    stored.add(line);
                    newest = line.getSeq();
                }
            }
            return newest;
        }

        @Override
        public Appender open(String jobId) {
            return new Appender() {
                @Override
                public long append(List<LogLine> lines) {
                    return Ring.this.append(jobId, lines);
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public void remove(String jobId) {
            stored.clear();
        }

        @Override
        public int capacity() {
            return 1000;
        }

        @Override
        public long cursor(String jobId) {
            return stored.isEmpty() ? 0 : stored.get(stored.size() - 1).getSeq();
        }

        @Override
        public Page<LogLine> tail(String jobId, int count) {
            return new Page<>(List.copyOf(stored), stored.size());
        }

        @Override
        public Page<LogLine> read(String jobId, long from, int max) {
            return new Page<>(List.of(), stored.size());
        }

        @Override
        public Subscription onAppend(Consumer<String> listener) {
            return () -> { };
        }
    }
}
