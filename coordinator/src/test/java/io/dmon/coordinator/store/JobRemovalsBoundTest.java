package io.dmon.coordinator.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.dmon.proto.v1.Job;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The coordinators' memory of removed jobs is bounded in number, not only in time, on a real
 * member configured as a coordinator's: a flood of removals (a script running and removing jobs
 * in a loop) leaves at most {@link HazelcastJobStore#REMOVALS_KEPT} of them, and the newest
 * removal is still remembered.
 */
class JobRemovalsBoundTest {
    private HazelcastInstance member;

    @AfterEach
    void stop() {
        if (member != null) {
            member.getLifecycleService().terminate();
        }
    }

    @Test
    void aFloodOfRemovalsKeepsAtMostTheBoundAndTheNewest() throws Exception {
        int port = FreePorts.next();
        System.setProperty(MemberConfigFactory.PHONE_HOME, "false");
        member = Hazelcast.newHazelcastInstance(MemberConfigFactory.create(
                new StoreSettings("dmon-removals-" + port, "127.0.0.1", port, List.of(), 1, 100, 100)));
        IMap<String, Long> removals = member.getMap(HazelcastJobStore.REMOVALS);
        int flood = HazelcastJobStore.REMOVALS_KEPT + HazelcastJobStore.REMOVALS_KEPT / 2;
        Map<String, Long> batch = new HashMap<>();
        for (int i = 0; i < flood; i++) {
            batch.put("flood" + i + "@h1", (long) i);
            if (batch.size() == 5_000) {
                removals.putAll(batch);
                batch.clear();
            }
        }
        removals.putAll(batch);

        JobStore jobs = new HazelcastJobStore(member.getMap("jobs"), removals);
        Job last = Job.newBuilder().setId("last@h1").setName("last").setHost("h1").setCreatedUnixMs(42).build();
        assertThat(jobs.create(last)).isTrue();
        assertThat(jobs.remove("last@h1")).isPresent();

        assertThat(removals.size()).as("removals kept after %d", flood + 1)
                .isLessThanOrEqualTo(HazelcastJobStore.REMOVALS_KEPT)
                .isGreaterThan(HazelcastJobStore.REMOVALS_KEPT / 2);
        assertThat(jobs.removed(last)).isTrue();
    }
}
