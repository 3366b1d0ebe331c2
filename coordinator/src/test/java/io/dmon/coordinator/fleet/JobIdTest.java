package io.dmon.coordinator.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JobIdTest {
    @Test
    void parsesNameAtHost() {
        assertThat(JobId.parse("rsync-2@mail1.example")).contains(new JobId("rsync-2", "mail1.example"));
        assertThat(new JobId("a", "b")).hasToString("a@b");
        assertThat(JobId.isOnHost("a@b", "b")).isTrue();
        assertThat(JobId.isOnHost("a@bb", "b")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "nohost", "@h", "n@", "a@b@c", "-x@h", "a b@h", "n@h st"})
    void refusesWhatIsNotNameAtHost(String id) {
        assertThat(JobId.parse(id)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "/usr/bin/rsync, rsync",
        "rsync, rsync",
        "./run.sh, run.sh",
        "/opt/my tool, my_tool",
        "/bin/.hidden, hidden",
        "/, job",
        "'', job",
        "/x/-dash, dash",
    })
    void defaultNamesAreTheBaseNameMadeValid(String program, String name) {
        assertThat(JobId.defaultName(program)).isEqualTo(name);
        assertThat(JobId.nameProblem(name)).isEmpty();
    }

    @Test
    void aDefaultNameLeavesRoomForASuffix() {
        String name = JobId.defaultName("x".repeat(100));
        assertThat(JobId.nameProblem(name + "-9999")).isEmpty();
    }
}
