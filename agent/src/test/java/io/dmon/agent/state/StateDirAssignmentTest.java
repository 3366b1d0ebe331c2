package io.dmon.agent.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.proto.v1.Assignment;
import io.dmon.proto.v1.Job;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The saved assignment: bytes in, the same bytes out through the caller's decoder; damage is said and ignored. */
class StateDirAssignmentTest {
    @TempDir
    Path dir;

    private final List<String> messages = new CopyOnWriteArrayList<>();

    @Test
    void noneSavedIsEmptyAndQuiet() throws Exception {
        try (StateDir state = StateDir.open(dir, messages::add)) {
            assertThat(state.readAssignment(Assignment::parseFrom)).isEmpty();
        }
        assertThat(messages).isEmpty();
    }

    @Test
    void whatIsWrittenReadsBack() throws Exception {
        Assignment saved = Assignment.newBuilder().addJobs(Job.newBuilder().setId("a@h").setGeneration(3)).build();
        try (StateDir state = StateDir.open(dir, messages::add)) {
            state.writeAssignment(saved.toByteArray());
        }
        try (StateDir state = StateDir.open(dir, messages::add)) {
            assertThat(state.readAssignment(Assignment::parseFrom)).contains(saved);
        }
        assertThat(messages).isEmpty();
    }

    @Test
    void aDamagedOneIsSaidAndIgnored() throws Exception {
        try (StateDir state = StateDir.open(dir, messages::add)) {
            // A job field whose length runs past the end of the file.
            Files.write(dir.resolve("assignment.pb"), new byte[] {0x0a, 0x7f, 0x01});
            assertThat(state.readAssignment(Assignment::parseFrom)).isEmpty();
        }
        assertThat(messages).singleElement().asString().contains("assignment.pb: damaged, ignored: ");
    }
}
