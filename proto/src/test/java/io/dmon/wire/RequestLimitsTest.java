package io.dmon.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.proto.v1.AddGateRequest;
import io.dmon.proto.v1.EnvChange;
import io.dmon.proto.v1.Gate;
import io.dmon.proto.v1.JobSpec;
import io.dmon.proto.v1.PauseRequest;
import io.dmon.proto.v1.Register;
import io.dmon.proto.v1.RunRequest;
import io.dmon.proto.v1.Selector;
import io.dmon.proto.v1.UserSpec;
import java.util.Collections;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RequestLimitsTest {
    private static final String HUGE = "v".repeat(100_000);

    private static RunRequest.Builder run() {
        return RunRequest.newBuilder().addHosts("h1").setSpec(JobSpec.newBuilder().addCommand("true"));
    }

    private static JobSpec.Builder spec() {
        return JobSpec.newBuilder().addCommand("true");
    }

    @Test
    void aRequestWithinEveryLimitPasses() {
        RunRequest atLimits = run().setName("n".repeat(RequestLimits.MAX_JOB_NAME))
                .addAllTags(Collections.nCopies(RequestLimits.MAX_TAGS, "t".repeat(RequestLimits.MAX_TAG)))
                .setSpec(spec().addCommand("a".repeat(RequestLimits.MAX_ARG_BYTES))
                        .addEnviron(EnvChange.newBuilder().setName("E").setValue("x".repeat(RequestLimits.MAX_ENV_VALUE_BYTES))))
                .build();
        assertThat(RequestLimits.run(atLimits)).isEmpty();
    }

    @Test
    void eachLimitIsRefusedNamingTheFieldAndTheLimitNeverTheValue() {
        check(RequestLimits.run(run().addHosts(HUGE).build()), "host name 2: longer than 253 characters");
        check(RequestLimits.run(run().addAllHosts(Collections.nCopies(1001, "h")).build()), "hosts: more than 1000");
        check(RequestLimits.run(run().setName(HUGE).build()), "job name: longer than 64 characters");
        check(RequestLimits.run(run().addTags(HUGE).build()), "tag 1: longer than 64 characters");
        check(RequestLimits.run(run().addAllTags(Collections.nCopies(33, "t")).build()), "tags: more than 32");
        check(RequestLimits.run(run().putLabels("k", HUGE).build()), "labels: a label value longer than 256 characters");
        check(RequestLimits.run(run().putLabels(HUGE, "v").build()), "labels: a label name longer than 64 characters");
        check(RequestLimits.spec(spec().addCommand(HUGE).build()), "command word 2: longer than 16384 bytes");
        check(RequestLimits.spec(spec().addAllCommand(Collections.nCopies(1024, "a")).build()),
                "command words: more than 1024");
        check(RequestLimits.spec(spec().addLogCommand(HUGE).build()), "log command word 1: longer than 16384 bytes");
        check(RequestLimits.spec(spec().addEnviron(EnvChange.newBuilder().setName("SECRET").setValue(HUGE)).build()),
                "environment change 1 (-E): value longer than 16384 bytes");
        check(RequestLimits.spec(spec().addEnviron(EnvChange.newBuilder().setName(HUGE)).build()),
                "environment change 1 (-E): name longer than 256 characters");
        check(RequestLimits.spec(spec().addAllEnviron(Collections.nCopies(257, EnvChange.newBuilder().setName("A").build()))
                .build()), "environment changes (-E): more than 256");
        check(RequestLimits.spec(spec().setWorkDir(HUGE).build()), "work directory (-W): longer than 4096 characters");
        check(RequestLimits.spec(spec().setCmdUser(UserSpec.newBuilder().setUser(HUGE)).build()),
                "command user (-u): longer than 64 characters");
        check(RequestLimits.spec(spec().addAllPressure(Collections.nCopies(19,
                io.dmon.proto.v1.PressureMark.newBuilder().setMetric("io").build())).build()),
                "pressure marks (-P): more than 18");
        check(RequestLimits.spec(spec().addPressure(io.dmon.proto.v1.PressureMark.newBuilder().setMetric(HUGE)).build()),
                "pressure metric (-P) 1: longer than 32 characters");
        check(RequestLimits.addGate(AddGateRequest.newBuilder().setGate(Gate.newBuilder().setMetric(HUGE)).build()),
                "metric: longer than 32 characters");
        // Every part within its own limit, too much in all.
        JobSpec.Builder many = spec();
        for (int i = 0; i < 10; i++) {
            many.addCommand("w".repeat(RequestLimits.MAX_ARG_BYTES));
        }
        check(RequestLimits.spec(many.build()), "job spec: larger than 65536 bytes in all (command, environment, paths)");
        check(RequestLimits.selector(Selector.newBuilder().setTag(HUGE).build()), "tag: longer than 64 characters");
        check(RequestLimits.selector(Selector.newBuilder().addJobIds(HUGE).build()), "job id 1: longer than 318 characters");
        check(RequestLimits.pause(PauseRequest.newBuilder().setBy(HUGE).build()), "by: longer than 256 characters");
        check(RequestLimits.addGate(AddGateRequest.newBuilder().setGate(Gate.newBuilder().setName(HUGE)).build()),
                "gate name: longer than 64 characters");
        check(RequestLimits.register(Register.newBuilder().setName(HUGE).build()), "host name: longer than 253 characters");
    }

    @Test
    void argumentsAreCountedInUtf8Bytes() {
        // 6000 three-byte characters: within the limit in characters, over it in bytes.
        check(RequestLimits.spec(spec().addCommand("€".repeat(6000)).build()), "command word 2: longer than 16384 bytes");
        assertThat(RequestLimits.utf8Length("a€😀")).isEqualTo(1 + 3 + 4);
    }

    private static void check(Optional<String> problem, String expected) {
        assertThat(problem).contains(expected);
        assertThat(problem.get()).doesNotContain("vvvv").hasSizeLessThan(120);
    }
}
