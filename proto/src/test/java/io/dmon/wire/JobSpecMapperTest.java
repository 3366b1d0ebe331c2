package io.dmon.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dmon.spec.JobSpec;
import io.dmon.spec.JobSpecParser;
import io.dmon.spec.SpecException;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobSpecMapperTest {

    private static JobSpec parse(String... argv) throws SpecException {
        return new JobSpecParser().parse(null, List.of(argv), path -> "").spec();
    }

    @Test
    void everyOptionSurvivesTheRoundTrip() throws Exception {
        JobSpec spec = parse("-n", "-e", "-s", "-S", "-m", "3", "-t", "5m", "-L", "4.5", "-l", "1.5",
                "-E", "A=1", "-E", "B", "-E", "C=", "-u", "nobody:nogroup:adm", "-U", "root", "-r", "files=64",
                "-r", "core=0", "-W", "/tmp", "-I", "status", "-p", "pid",
                "rsync", "-az", "/a", "/b", "--", "dlog", "-t", "out");
        assertThat(JobSpecMapper.fromProto(JobSpecMapper.toProto(spec))).isEqualTo(spec);
        JobSpec once = parse("-1", "true");
        assertThat(JobSpecMapper.fromProto(JobSpecMapper.toProto(once))).isEqualTo(once);
        JobSpec interval = parse("-i", "1h", "sh", "-c", "date");
        assertThat(JobSpecMapper.fromProto(JobSpecMapper.toProto(interval))).isEqualTo(interval);
    }

    @Test
    void badSpecsFromTheWireAreRefusedWithAReason() {
        assertThatThrownBy(() -> JobSpecMapper.fromProto(io.dmon.proto.v1.JobSpec.getDefaultInstance()))
                .isInstanceOf(SpecException.class).hasMessage("no command to run given");
        var unknownLimit = io.dmon.proto.v1.JobSpec.newBuilder().addCommand("true")
                .addLimits(io.dmon.proto.v1.ResourceLimit.newBuilder().setName("frobs").setValue(1)).build();
        assertThatThrownBy(() -> JobSpecMapper.fromProto(unknownLimit)).hasMessage("unknown limit 'frobs'");
        var onceAndInterval = io.dmon.proto.v1.JobSpec.newBuilder().addCommand("true").setOnce(true)
                .setIntervalSeconds(5).setMaxRespawns(-1).build();
        assertThatThrownBy(() -> JobSpecMapper.fromProto(onceAndInterval)).isInstanceOf(SpecException.class);
        var badLoad = io.dmon.proto.v1.JobSpec.newBuilder().addCommand("true").setLoadHigh(-1).setMaxRespawns(-1)
                .build();
        assertThatThrownBy(() -> JobSpecMapper.fromProto(badLoad)).isInstanceOf(SpecException.class);
    }
}
