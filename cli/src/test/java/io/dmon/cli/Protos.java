package io.dmon.cli;

import com.google.protobuf.ByteString;
import io.dmon.proto.v1.Job;
import io.dmon.proto.v1.JobSpec;
import io.dmon.proto.v1.JobState;
import io.dmon.proto.v1.JobStatus;
import io.dmon.proto.v1.JobView;
import io.dmon.proto.v1.ListJobsResponse;
import io.dmon.proto.v1.LogLine;
import io.dmon.proto.v1.RunResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Short ways to write the messages tests script. */
public final class Protos {
    private Protos() {
    }

    public static Job job(String name, String host, String... command) {
        return Job.newBuilder().setId(name + "@" + host).setName(name).setHost(host).setGeneration(1)
                .setSpec(JobSpec.newBuilder().addAllCommand(List.of(command))).build();
    }

    public static JobStatus status(Job job, JobState state, int rawExitStatus) {
        return JobStatus.newBuilder().setId(job.getId()).setHost(job.getHost()).setState(state)
                .setLastExitStatus(rawExitStatus).setGeneration(job.getGeneration()).build();
    }

    public static JobView view(Job job, JobStatus status) {
        return JobView.newBuilder().setJob(job).setStatus(status).build();
    }

    public static ListJobsResponse jobs(JobView... views) {
        return ListJobsResponse.newBuilder().addAllJobs(List.of(views)).build();
    }

    public static RunResponse started(Job... jobs) {
        return RunResponse.newBuilder().addAllJobs(List.of(jobs)).build();
    }

    public static LogLine line(String jobId, long seq, String text) {
        return line(jobId, seq, text.getBytes(StandardCharsets.UTF_8));
    }

    public static LogLine line(String jobId, long seq, byte[] bytes) {
        return LogLine.newBuilder().setJobId(jobId).setRun(1).setSeq(seq).setUnixMs(Coordinators.NOW)
                .setLine(ByteString.copyFrom(bytes)).build();
    }

    /** A raw waitpid status for a normal exit with {@code code}. */
    public static int exited(int code) {
        return code << 8;
    }
}
