package io.dmon.agent.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import io.dmon.agent.host.DesiredJob;
import io.dmon.agent.host.OperatorPause;
import io.dmon.proto.v1.Assignment;
import io.dmon.proto.v1.DesiredState;
import io.dmon.proto.v1.Job;
import io.dmon.proto.v1.JobSpec;
import io.dmon.proto.v1.Pause;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The coordinator's jobs in the host's model and back, and the saved assignment across versions. */
class AssignmentMapperTest {
    /**
     * Written by the agent before the host had a model of its own (its JobHost saving a paused and
     * gated job, a stopped -1 job, one whose spec cannot be read and one with no desired state).
     */
    private static byte[] savedBefore() throws IOException {
        try (var in = AssignmentMapperTest.class.getResourceAsStream("assignment-before-job-model.pb")) {
            return in.readAllBytes();
        }
    }

    @Test
    void anAssignmentSavedByThePreviousVersionLoadsIntoTheModel() throws Exception {
        List<DesiredJob> jobs = AssignmentMapper.fromSaved(savedBefore());

        assertThat(jobs).extracting(DesiredJob::id).containsExactly("web@test", "nightly@test", "bad@test", "plain@test");
        DesiredJob web = jobs.get(0);
        assertThat(web.generation()).isEqualTo(4);
        assertThat(web.stopped()).isTrue();
        assertThat(web.pause()).isEqualTo(new OperatorPause("p-1", 600_000, "alice@ops1"));
        assertThat(web.gates()).containsExactly("night", "quiet");
        assertThat(web.once()).isFalse();
        assertThat(web.unreadable()).isEmpty();
        assertThat(web.spec().command()).containsExactly("sleep", "60");
        assertThat(web.spec().logCommand()).containsExactly("cat");
        assertThat(web.spec().maxRespawns()).isEqualTo(3);
        assertThat(web.spec().intervalSeconds()).isEqualTo(5);
        assertThat(web.spec().environ()).hasSize(2);

        DesiredJob nightly = jobs.get(1);
        assertThat(nightly.once()).isTrue();
        assertThat(nightly.spec().once()).isTrue();
        assertThat(nightly.pause()).isNull();
        assertThat(nightly.gates()).isEmpty();

        DesiredJob bad = jobs.get(2);
        assertThat(bad.spec()).isNull();
        assertThat(bad.unreadable()).isEqualTo("no command to run given");
        assertThat(bad.once()).as("-1 is read even from a spec that cannot be").isTrue();
        assertThat(bad.generation()).isEqualTo(1);

        DesiredJob plain = jobs.get(3);
        assertThat(plain.stopped()).as("no desired state given: running, as before").isFalse();
        assertThat(plain.generation()).isEqualTo(9);
    }

    @Test
    void anAssignmentSavedByThePreviousVersionIsSavedAgainByteForByte() throws Exception {
        byte[] before = savedBefore();
        assertThat(AssignmentMapper.saved(AssignmentMapper.fromSaved(before))).isEqualTo(before);
        // And what the model leaves out goes back to a coordinator as it was: tags, creation, the pause's since.
        List<Job> sent = Assignment.parseFrom(before).getJobsList();
        assertThat(AssignmentMapper.fromSaved(before).stream().map(AssignmentMapper::wire).toList()).isEqualTo(sent);
        assertThat(sent.get(0).getTagsList()).containsExactly("front", "eu");
        assertThat(sent.get(0).getPause().getSinceUnixMs()).isEqualTo(1_765_000_000_500L);
    }

    @Test
    void theSavedFormIsTheCoordinatorsAssignment() throws Exception {
        Job a = Job.newBuilder().setId("a@h").setName("a").setHost("h").setGeneration(3)
                .setSpec(JobSpec.newBuilder().addCommand("sleep").addCommand("9")).build();
        Job b = Job.newBuilder().setId("b@h").setName("b").setHost("h").setDesired(DesiredState.DESIRED_RUNNING)
                .setSpec(JobSpec.newBuilder()).setPause(Pause.newBuilder().setId("p")).build();
        byte[] saved = AssignmentMapper.saved(List.of(AssignmentMapper.desired(a), AssignmentMapper.desired(b)));

        assertThat(saved).isEqualTo(Assignment.newBuilder().addJobs(a).addJobs(b).build().toByteArray());
        assertThat(AssignmentMapper.fromSaved(saved)).extracting(DesiredJob::id).containsExactly("a@h", "b@h");
        assertThat(AssignmentMapper.saved(List.of())).isEmpty();
        assertThat(AssignmentMapper.fromSaved(new byte[0])).isEmpty();
    }

    @Test
    void fieldsThisAgentDoesNotKnowGoBackUnchanged() {
        Job newer = Job.newBuilder().setId("n@h").setSpec(JobSpec.newBuilder().addCommand("true"))
                .setUnknownFields(UnknownFieldSet.newBuilder()
                        .addField(99, UnknownFieldSet.Field.newBuilder().addVarint(7).build()).build())
                .build();
        DesiredJob desired = AssignmentMapper.desired(newer);

        assertThat(AssignmentMapper.wire(desired)).isEqualTo(newer);
        assertThat(AssignmentMapper.wire(desired).getUnknownFields().hasField(99)).isTrue();
    }

    @Test
    void aSpecThisAgentCannotReadIsKeptWithTheReason() {
        Job both = Job.newBuilder().setId("x@h").setGeneration(2).setDesired(DesiredState.DESIRED_STOPPED)
                .setSpec(JobSpec.newBuilder().addCommand("true").setOnce(true).setIntervalSeconds(5)).build();
        DesiredJob desired = AssignmentMapper.desired(both);

        assertThat(desired.spec()).isNull();
        assertThat(desired.unreadable()).isEqualTo("interval with once");
        assertThat(desired.once()).isTrue();
        assertThat(desired.stopped()).isTrue();
        assertThat(AssignmentMapper.wire(desired)).isEqualTo(both);
    }

    @Test
    void theModelKeepsItsOwnCopyOfTheBytes() {
        DesiredJob desired = AssignmentMapper.desired(Job.newBuilder().setId("c@h")
                .setSpec(JobSpec.newBuilder().addCommand("true")).build());
        byte[] out = desired.sent();
        Arrays.fill(out, (byte) 0);

        assertThat(AssignmentMapper.wire(desired).getId()).isEqualTo("c@h");
    }

    @Test
    void aDamagedSavedAssignmentIsAnError() {
        byte[] damaged = Arrays.copyOf(Assignment.newBuilder().addJobs(Job.newBuilder().setId("a@h")
                .setSpec(JobSpec.newBuilder().addCommand("sleep"))).build().toByteArray(), 7);

        assertThatThrownBy(() -> AssignmentMapper.fromSaved(damaged)).isInstanceOf(InvalidProtocolBufferException.class);
    }
}
