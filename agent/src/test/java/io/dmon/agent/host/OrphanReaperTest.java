package io.dmon.agent.host;

import static io.dmon.agent.host.HostFixture.alive;
import static io.dmon.agent.host.HostFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.agent.process.Posix;
import io.dmon.agent.process.ProcStat;
import io.dmon.agent.state.JobRecord;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** What a killed agent left behind, found by pid and start time, never by pid alone. */
class OrphanReaperTest {
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final OrphanReaper reaper = new OrphanReaper(Posix.load(), Duration.ofSeconds(2), messages::add);

    private static ProcStat proc(int pid, int pgrp, long start, char state) {
        return new ProcStat(pid, state, 1, pgrp, pgrp, start);
    }

    private static JobRecord record(int pid, long startTime) {
        return JobRecord.fresh("j@h").withCommand(pid, startTime);
    }

    @Test
    void membersAreTheLiveProcessesOfTheRecordedGroupStartedAfterItsLeader() {
        List<ProcStat> all = List.of(proc(100, 100, 500, 'S'), proc(101, 100, 510, 'S'), proc(102, 100, 520, 'Z'),
                proc(103, 100, 400, 'S'), proc(104, 104, 600, 'S'));
        assertThat(OrphanReaper.members(100, 500, Optional.of(all.get(0)), all)).extracting(ProcStat::pid)
                .containsExactly(100, 101);
        assertThat(OrphanReaper.members(100, 500, Optional.empty(), all.subList(1, all.size())))
                .as("the leader gone, its children stay")
                .extracting(ProcStat::pid).containsExactly(101);
        assertThat(OrphanReaper.members(100, 499, Optional.of(all.get(0)), all)).as("pid 100 is another process now")
                .isEmpty();
    }

    @Test
    void anOrphanedGroupIsStoppedWholeAndAReusedPidIsLeftAlone() throws Exception {
        Process group = new ProcessBuilder("setsid", "sh", "-c", "sleep 60 & exec sleep 60").start();
        Process stranger = new ProcessBuilder("sleep", "60").start();
        try {
            int leader = (int) group.pid();
            await("the group's two processes", () -> ProcStat.read(leader).isPresent()
                    && children(leader) == 1);
            long start = ProcStat.read(leader).orElseThrow().startTime();
            int other = (int) stranger.pid();
            long otherStart = ProcStat.read(other).orElseThrow().startTime();

            int found = reaper.reap(List.of(record(leader, start), record(other, otherStart - 1)));

            assertThat(found).isEqualTo(2);
            assertThat(alive(leader)).isFalse();
            assertThat(children(leader)).isZero();
            assertThat(alive(other)).as("a pid whose start time differs is not ours").isTrue();
            assertThat(messages).anyMatch(m -> m.contains("pid " + other + " is another process now"));
        } finally {
            group.destroyForcibly();
            stranger.destroyForcibly();
        }
    }

    private static long children(int pgrp) {
        try (var dirs = java.nio.file.Files.list(java.nio.file.Path.of("/proc"))) {
            return dirs.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
                    .map(n -> ProcStat.read(Integer.parseInt(n))).flatMap(Optional::stream)
                    .filter(p -> p.pgrp() == pgrp && p.pid() != pgrp && p.state() != 'Z').count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
