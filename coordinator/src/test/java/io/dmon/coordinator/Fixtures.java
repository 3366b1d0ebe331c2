package io.dmon.coordinator;

import com.google.protobuf.ByteString;
import io.dmon.proto.v1.DesiredState;
import io.dmon.proto.v1.Job;
import io.dmon.proto.v1.JobSpec;
import io.dmon.proto.v1.LogLine;
import io.dmon.proto.v1.RunRequest;
import java.util.ArrayList;
import java.util.List;

/** Messages tests build again and again. */
public final class Fixtures {
    private Fixtures() {
    }

    public static JobSpec spec(String... command) {
        return JobSpec.newBuilder().addAllCommand(List.of(command)).setMaxRespawns(-1).build();
    }

    public static Job job(String name, String host) {
        return Job.newBuilder().setId(name + "@" + host).setName(name).setHost(host)
                .setSpec(spec("sleep", "100")).setDesired(DesiredState.DESIRED_RUNNING).setGeneration(1).build();
    }

    public static RunRequest runOn(String host, String... command) {
        return RunRequest.newBuilder().addHosts(host).setSpec(spec(command)).build();
    }

    /** Lines {@code from..to} of a job, one millisecond apart from {@code baseMs}. */
    public static List<LogLine> lines(String jobId, long from, long to, long baseMs) {
        List<LogLine> out = new ArrayList<>();
        for (long seq = from; seq <= to; seq++) {
            out.add(LogLine.newBuilder().setJobId(jobId).setRun(1).setSeq(seq).setUnixMs(baseMs + seq)
                    .setLine(ByteString.copyFromUtf8(jobId + " line " + seq)).build());
        }
        return out;
    }
}
