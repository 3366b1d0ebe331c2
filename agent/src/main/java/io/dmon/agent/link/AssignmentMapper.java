package io.dmon.agent.link;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.dmon.agent.host.DesiredJob;
import io.dmon.agent.host.OperatorPause;
import io.dmon.proto.v1.Assignment;
import io.dmon.proto.v1.DesiredState;
import io.dmon.proto.v1.Job;
import io.dmon.spec.JobSpec;
import io.dmon.spec.SpecException;
import io.dmon.wire.JobSpecMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The coordinator's jobs in the host's model and back (the one place that maps them): what a
 * session receives, what it registers, and the saved assignment, which keeps the coordinator's
 * wire form ({@code dmon.v1.Assignment}) so that agents of every version read each other's.
 */
public final class AssignmentMapper {
    private AssignmentMapper() {
    }

    /** The host's model of {@code job}; a spec this agent cannot read becomes the reason why. */
    public static DesiredJob desired(Job job) {
        JobSpec spec = null;
        String unreadable = "";
        try {
            spec = JobSpecMapper.fromProto(job.getSpec());
        } catch (SpecException e) {
            unreadable = e.getMessage() == null || e.getMessage().isEmpty() ? "unreadable" : e.getMessage();
        }
        OperatorPause pause = job.hasPause()
                ? new OperatorPause(job.getPause().getId(), job.getPause().getLeaseMs(), job.getPause().getBy()) : null;
        return new DesiredJob(job.getId(), job.getGeneration(), job.getDesired() == DesiredState.DESIRED_STOPPED, pause,
                job.getGatesList(), job.getSpec().getOnce(), spec, unreadable, job.getCreatedUnixMs(), job.toByteArray());
    }

    /** The job as the coordinator sent it. */
    public static Job wire(DesiredJob job) {
        try {
            return Job.parseFrom(job.sent());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a desired job keeps the bytes of a Job that was read", e);
        }
    }

    /**
     * The jobs as a saved assignment: the bytes of a {@code dmon.v1.Assignment} holding each job as
     * it was sent (a repeated message field is its tag, length and bytes: nothing is parsed again).
     */
    public static byte[] saved(List<DesiredJob> jobs) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        try {
            for (DesiredJob job : jobs) {
                out.writeByteArray(Assignment.JOBS_FIELD_NUMBER, job.sent());
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("a byte array output stream does not fail", e);
        }
        return bytes.toByteArray();
    }

    /** The jobs of a saved assignment, as any version of the agent wrote it. */
    public static List<DesiredJob> fromSaved(byte[] saved) throws InvalidProtocolBufferException {
        List<DesiredJob> jobs = new ArrayList<>();
        for (Job job : Assignment.parseFrom(saved).getJobsList()) {
            jobs.add(desired(job));
        }
        return jobs;
    }
}
