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
                "-r", "core=0", "-W", "/tmp", "-I", "status", "-p", "pid", "-P", "io=40", "-P", "cpu:full:avg60=9.5/1",
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

    @Test
    void pressureMarksGoAsMetricNamesAndAreCheckedComingBack() throws Exception {
        var wire = JobSpecMapper.toProto(parse("-P", "io:full=40", "true")).getPressure(0);
        assertThat(wire.getMetric()).isEqualTo("io.full.avg10");
        assertThat(wire.getHigh()).isEqualTo(40);
        assertThat(wire.getLow()).as("defaulted before it leaves").isEqualTo(20);
        var unknown = spec(io.dmon.proto.v1.PressureMark.newBuilder().setMetric("disk.some.avg10").setHigh(5));
        assertThatThrownBy(() -> JobSpecMapper.fromProto(unknown)).isInstanceOf(SpecException.class)
                .hasMessageStartingWith("metric: unknown resource 'disk'");
        var never = spec(io.dmon.proto.v1.PressureMark.newBuilder().setMetric("io.some.avg10").setHigh(100));
        assertThatThrownBy(() -> JobSpecMapper.fromProto(never))
                .hasMessage("pressure mark io.some.avg10: high 100.0, low 0.0: need 0 < high < 100 and 0 <= low <= high");
        var twice = spec(io.dmon.proto.v1.PressureMark.newBuilder().setMetric("io").setHigh(5),
                io.dmon.proto.v1.PressureMark.newBuilder().setMetric("io.some.avg10").setHigh(6));
        assertThatThrownBy(() -> JobSpecMapper.fromProto(twice)).hasMessage("pressure mark io.some.avg10 given twice");
    }

    private static io.dmon.proto.v1.JobSpec spec(io.dmon.proto.v1.PressureMark.Builder... marks) {
        var b = io.dmon.proto.v1.JobSpec.newBuilder().addCommand("true").setMaxRespawns(-1);
        for (var m : marks) {
            b.addPressure(m);
        }
        return b.build();
    }
}
