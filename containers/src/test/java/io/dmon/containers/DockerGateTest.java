package io.dmon.containers;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.containers.DockerGate.Verdict;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
}
