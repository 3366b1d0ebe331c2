package io.dmon.agent.host;

import static io.dmon.agent.host.HostFixture.await;
import static io.dmon.agent.host.HostFixture.job;
import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.agent.state.StateDir;
import io.dmon.agent.supervise.JobState;
import io.dmon.proto.v1.Job;
import io.dmon.proto.v1.Pause;
import io.dmon.spec.EnvChange;
import io.dmon.spec.JobSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state directory is the agent's alone: 0700 folders, 0600 files, as written by a real host. */
class StateDirModesTest {
    @TempDir
    Path dir;

    @Test
    void everyFolderAndFileTheHostWritesIsOwnerOnly() throws Exception {
        Job talker = job("talker", 1, JobSpec.builder().command("sh", "-c", "echo one; echo two; echo $SECRET")
                .environ(List.of(EnvChange.set("SECRET", "hunter2"))).once(true).build());
        Job paused = HostFixture.sleeper("held", 1).toBuilder()
                .setPause(Pause.newBuilder().setId("p1").setLeaseMs(600_000).setBy("alice@ops1")).build();
        Job running = HostFixture.sleeper("running", 1);
        try (HostFixture f = new HostFixture(dir)) {
            f.reconcile(List.of(talker, paused, running));
            await("running under its monitor", () -> f.report("running") != null
                    && f.report("running").snapshot().state() == JobState.RUNNING);
            await("talker completed", () -> f.report("talker") != null
                    && f.report("talker").snapshot().state() == JobState.COMPLETED);
            await("talker's lines spooled", () -> f.spools.spool("talker@test") != null
                    && f.spools.spool("talker@test").nextSeq() > 3);
            await("held paused", () -> f.report("held") != null && f.report("held").snapshot().state() == JobState.PAUSED);
            f.host.flushAssignment();
            Path state = f.state.root();
            Map<String, String> modes = modes(state);
            assertThat(modes).containsKeys("assignment.pb", "lock", "runtime/talker@test", "pauses/held@test");
            assertThat(modes.keySet()).anyMatch(k -> k.startsWith("spool/talker@test/") && k.endsWith(".seg"));
            assertThat(modes.keySet()).as("a monitor's files").anyMatch(k -> k.matches("monitors/\\d+/sock"))
                    .anyMatch(k -> k.matches("monitors/\\d+/monitor"));
            assertThat(Files.readString(state.resolve("assignment.pb"), StandardCharsets.ISO_8859_1)).as("what the modes protect").contains("hunter2");
            // A path gone since its mode was read (the completed job's monitor directory, removed
            // meanwhile) can no longer be told a directory: it is not judged.
            modes.forEach((path, mode) -> {
                if (Files.exists(state.resolve(path), LinkOption.NOFOLLOW_LINKS)) {
                    assertThat(mode).as(path).isEqualTo(
                            Files.isDirectory(state.resolve(path), LinkOption.NOFOLLOW_LINKS) ? "rwx------" : "rw-------");
                }
            });
            assertThat(mode(state)).isEqualTo("rwx------");
        }
    }

    @Test
    void aLooserDirectoryLeftByAnOlderAgentIsTightenedAndSaidSo() throws Exception {
        Path state = Files.createDirectories(dir.resolve("state"));
        Files.createDirectories(state.resolve("runtime"));
        Files.createDirectories(state.resolve("spool/old@h"));
        Files.createDirectories(state.resolve("jobs/old@h"));
        Files.writeString(state.resolve("assignment.pb"), "");
        Files.writeString(state.resolve("runtime/old@h"), "job=old@h\n");
        Files.writeString(state.resolve("spool/old@h/cursor"), "job=old@h\n");
        Files.writeString(state.resolve("jobs/old@h/output.txt"), "the job's own\n");
        for (Path p : List.of(state, state.resolve("runtime"), state.resolve("spool"), state.resolve("spool/old@h"),
                state.resolve("jobs"), state.resolve("jobs/old@h"))) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        for (Path p : List.of(state.resolve("assignment.pb"), state.resolve("runtime/old@h"),
                state.resolve("spool/old@h/cursor"), state.resolve("jobs/old@h/output.txt"))) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
        }
        List<String> messages = new CopyOnWriteArrayList<>();
        try (StateDir opened = StateDir.open(state, messages::add)) {
            assertThat(mode(state)).isEqualTo("rwx------");
            for (String p : List.of("runtime", "spool", "spool/old@h", "jobs")) {
                assertThat(mode(state.resolve(p))).as(p).isEqualTo("rwx------");
            }
            for (String p : List.of("assignment.pb", "runtime/old@h", "spool/old@h/cursor", "lock")) {
                assertThat(mode(state.resolve(p))).as(p).isEqualTo("rw-------");
            }
            assertThat(mode(state.resolve("jobs/old@h"))).as("a job's work directory is the job's").isEqualTo("rwxr-xr-x");
            assertThat(mode(state.resolve("jobs/old@h/output.txt"))).isEqualTo("rw-r--r--");
        }
        assertThat(messages).containsExactly(
                "state directory '" + state + "' was rwxr-xr-x, now rwx------ (it holds the jobs' -E values)",
                "state directory '" + state + "': 7 file(s) or folder(s) readable by others made owner-only");

        messages.clear();
        StateDir.open(state, messages::add).close();
        assertThat(messages).as("nothing to say the second time").isEmpty();
    }

    private static Map<String, String> modes(Path root) throws IOException {
        Map<String, String> modes = new TreeMap<>();
        List<Path> all = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(p -> !p.equals(root)).forEach(all::add);
        }
        for (Path p : all) {
            String rel = root.relativize(p).toString();
            if (!rel.startsWith("jobs/")) {  // the jobs' own work directories
                try {
                    modes.put(rel, mode(p));
                } catch (java.nio.file.NoSuchFileException e) {
                    // a record's temporary file, renamed into place between the walk and now
                }
            }
        }
        return modes;
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }
}
