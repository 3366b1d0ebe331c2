package io.dmon.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dmon.containers.DockerGate.Verdict;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class DockerGateTest {
    @Test
    void runsWhenTheEngineAnswersWithOrWithoutCi() {
        assertThat(DockerGate.decide(true, Map.of())).isEqualTo(Verdict.RUN);
        assertThat(DockerGate.decide(true, Map.of("CI", "true"))).isEqualTo(Verdict.RUN);
    }

    @Test
    void skipsWithoutAnEngineOnALaptop() {
        assertThat(DockerGate.decide(false, Map.of())).isEqualTo(Verdict.SKIP);
        assertThat(DockerGate.decide(false, Map.of("CI", "false"))).isEqualTo(Verdict.SKIP);
    }

    @Test
    void failsWithoutAnEngineUnderCi() {
        assertThat(DockerGate.decide(false, Map.of("CI", "true"))).isEqualTo(Verdict.FAIL);
        assertThat(DockerGate.decide(false, Map.of("CI", "TRUE "))).isEqualTo(Verdict.FAIL);
    }

    @Test
    void withoutAnEngineTheTestIsAbortedWithTheReason() {
        assertThatThrownBy(() -> DockerGate.require(() -> false, Map.of()))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("no Docker engine answers");
    }

    @Test
    void withoutAnEngineUnderCiTheTestFails() {
        assertThatThrownBy(() -> DockerGate.require(() -> false, Map.of("CI", "true")))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("CI=true but no Docker engine answers");
    }

    @Test
    void withAnEngineNothingIsThrown() {
        DockerGate.require(() -> true, Map.of("CI", "true"));
    }
}
