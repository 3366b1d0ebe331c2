package io.dmon.containers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The rule by which a starting run tells a dead run's containers from a live one's: real processes. */
class LeftoverContainersTest {
    private static final Instant NOW = Instant.now();

    private static Map<String, String> ownedBy(String owner) {
        return Map.of(BenchContainers.LABEL, "r1", LeftoverContainers.OWNER, owner);
    }

    @Test
    void aLiveRunsContainersStayHoweverOld() throws Exception {
        Process other = new ProcessBuilder("sleep", "60").start();
        try {
            String owner = LeftoverContainers.owner(other.toHandle()).orElseThrow();
            assertThat(LeftoverContainers.running(owner)).isTrue();
            assertThat(LeftoverContainers.isLeftover(ownedBy(owner), NOW.minus(Duration.ofDays(2)), NOW,
                    LeftoverContainers::running)).isFalse();
            assertThat(LeftoverContainers.isLeftover(ownedBy(LeftoverContainers.self()), NOW, NOW,
                    LeftoverContainers::running)).isFalse();
        } finally {
            other.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void anEndedRunsContainersGoHoweverYoung() throws Exception {
        Process ended = new ProcessBuilder("sleep", "60").start();
        String owner = LeftoverContainers.owner(ended.toHandle()).orElseThrow();
        assertThat(LeftoverContainers.running(owner)).isTrue();
        assertThat(ended.destroyForcibly().waitFor(10, TimeUnit.SECONDS)).isTrue();
        // Reaped: no process has that pid now (or one that started at another time).
        assertThat(LeftoverContainers.running(owner)).isFalse();
        assertThat(LeftoverContainers.isLeftover(ownedBy(owner), NOW, NOW, LeftoverContainers::running)).isTrue();
    }

    @Test
    void aReusedPidIsNotTheOwner() {
        ProcessHandle self = ProcessHandle.current();
        long start = self.info().startInstant().orElseThrow().toEpochMilli();
        assertThat(LeftoverContainers.running(self.pid() + "@" + start)).isTrue();
        assertThat(LeftoverContainers.running(self.pid() + "@" + (start - 10_000))).isFalse();
    }

    @Test
    void aMalformedOwnerNamesNoProcess() {
        for (String bad : new String[] {"", "@", "12", "x@1", "@123", "1@"}) {
            assertThat(LeftoverContainers.running(bad)).as(bad).isFalse();
        }
    }

    @Test
    void containersWithoutAnOwnerGoOnlyWhenOlderThanAnyRun() {
        Map<String, String> unowned = Map.of(BenchContainers.LABEL, "r0");
        assertThat(LeftoverContainers.isLeftover(unowned, NOW.minus(Duration.ofMinutes(10)), NOW, o -> true)).isFalse();
        assertThat(LeftoverContainers.isLeftover(unowned,
                NOW.minus(LeftoverContainers.UNOWNED_AGE).minusSeconds(1), NOW, o -> true)).isTrue();
    }
}
