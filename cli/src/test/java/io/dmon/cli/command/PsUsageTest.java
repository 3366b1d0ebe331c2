package io.dmon.cli.command;

import static io.dmon.cli.Protos.jobs;
import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.cli.Coordinators;
import io.dmon.cli.Coordinators.Result;
import io.dmon.cli.FakeCoordinator;
import io.dmon.cli.output.TinyJson;
import io.dmon.proto.v1.Job;
import io.dmon.proto.v1.JobIsolation;
import io.dmon.proto.v1.JobSpec;
import io.dmon.proto.v1.JobState;
import io.dmon.proto.v1.JobStatus;
import io.dmon.proto.v1.JobUsage;
import io.dmon.proto.v1.JobView;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What holds each job and what it used: {@code ps -o usage} and {@code ps --json}'s isolation and usage. */
class PsUsageTest {
    private final Coordinators coordinators = new Coordinators();
    private FakeCoordinator coordinator;

    private static JobView view(String id, String host, JobStatus.Builder status) {
        return JobView.newBuilder()
                .setJob(Job.newBuilder().setId(id).setName(id.substring(0, id.indexOf('@'))).setHost(host)
                        .setGeneration(1).setSpec(JobSpec.newBuilder().addCommand("serve")))
                .setStatus(status.setId(id).setHost(host).setState(JobState.RUNNING).setPid(10).setGeneration(1))
                .build();
    }

    private final JobView held = view("tree@a", "a", JobStatus.newBuilder()
            .setIsolation(JobIsolation.newBuilder().setKind(JobIsolation.Kind.CGROUP_V2)
                    .setCgroup("/sys/fs/cgroup/unified/dmon/a/tree@a"))
            .setUsage(JobUsage.newBuilder().setCpuUsec(12_345_678).setMemoryBytes(35L << 20)
                    .setMemoryPeakBytes(3L << 30).setReadUnixMs(5)));
    private final JobView fellBack = view("plain@b", "b", JobStatus.newBuilder()
            .setIsolation(JobIsolation.newBuilder().setKind(JobIsolation.Kind.PROCESS_GROUP)
                    .setFallback("cgroup v2: cannot create /x: permission denied")));
    private final JobView older = view("old@c", "c", JobStatus.newBuilder());

    @BeforeEach
    void start() {
        coordinator = coordinators.start("a");
        coordinator.listJobs = r -> jobs(held, fellBack, older);
    }

    @AfterEach
    void stop() throws InterruptedException {
        coordinators.close();
    }

    @Test
    void usageTableSaysWhatHoldsEachJobAndWhy() {
        Result r = coordinators.run("ps", "-o", "usage");
        assertThat(r.status()).isZero();
        assertThat(r.out()).isEqualTo(""
                + "JOB      HOST  STATE    HOLDER     CPU    MEM    PEAK   FALLBACK\n"
                + "tree@a   a     RUNNING  cgroup-v2  12.3s  35.0M  3.00G  -\n"
                + "plain@b  b     RUNNING  pgroup*    -      -      -      cgroup v2: cannot create /x: permission denied\n"
                + "old@c    c     RUNNING  -          -      -      -      -\n");
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonCarriesIsolationAndUsage() {
        List<Object> jobs = (List<Object>) TinyJson.parse(coordinators.run("ps", "--json").out());
        Map<String, Object> tree = (Map<String, Object>) jobs.get(0);
        assertThat((Map<String, Object>) tree.get("isolation")).containsEntry("kind", "cgroup v2")
                .containsEntry("fallback", null).containsEntry("cgroup", "/sys/fs/cgroup/unified/dmon/a/tree@a");
        assertThat((Map<String, Object>) tree.get("usage")).containsEntry("cpu_usec", 12_345_678.0)
                .containsEntry("memory_bytes", (double) (35L << 20)).containsEntry("memory_peak_bytes", (double) (3L << 30));
        Map<String, Object> plain = (Map<String, Object>) jobs.get(1);
        assertThat((Map<String, Object>) plain.get("isolation")).containsEntry("kind", "process group")
                .containsEntry("fallback", "cgroup v2: cannot create /x: permission denied").containsEntry("cgroup", null);
        assertThat(plain).containsEntry("usage", null);
        assertThat((Map<String, Object>) jobs.get(2)).containsEntry("isolation", null).containsEntry("usage", null);
    }
}
