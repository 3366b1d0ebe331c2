package io.dmon.agent.monitor;

import static io.dmon.agent.monitor.Monitors.awaitState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dmon.agent.process.Credentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run gets the set-up the agent's own spawns give: environment, directory, limits, credentials, umask. */
class MonitorSpawnTest {
    @TempDir
    Path tmp;
    private Monitors monitors;

    @BeforeEach
    void setUp() throws Exception {
        monitors = new Monitors(tmp);
    }

    @AfterEach
    void tearDown() {
        monitors.close();
    }

    private List<String> outputOf(MonitorSpec spec) throws Exception {
        MonitorConnection c = monitors.run(spec);
        MonitorState s = awaitState(c, "the run over and drained", x -> !x.running() && x.run().drained());
        assertThat(s.run().exit().isSuccess()).as("exit %s; output %s", s.run().exit(), Monitors.texts(spec.dir()))
                .isTrue();
        return Monitors.texts(spec.dir());
    }

    @Test
    void theEnvironmentDirectoryAndLimitsAreTheJobs() throws Exception {
        Path work = Files.createDirectory(tmp.resolve("work"));
        MonitorSpec spec = MonitorSpec.of(monitors.dir(), List.of("sh", "-c", "echo $GREETING; pwd; ulimit -n; ulimit -Hn"),
                        List.of("PATH=/usr/bin:/bin", "GREETING=hello there"))
                .withCwd(work.toString())
                .withLimits(new long[] {7 /* RLIMIT_NOFILE */, 64, 128});
        assertThat(outputOf(spec)).containsExactly("hello there", work.toRealPath().toString(), "64", "128");
    }

    @Test
    void theProgramIsLookedUpInTheJobsPath() throws Exception {
        Path bin = Files.createDirectory(tmp.resolve("bin"));
        Path tool = bin.resolve("dmon-test-tool");
        Files.writeString(tool, "#!/bin/sh\necho tool ran\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwx------"));
        MonitorSpec spec = MonitorSpec.of(monitors.dir(), List.of("dmon-test-tool"), List.of("PATH=/usr/bin:/bin:" + bin));
        assertThat(outputOf(spec)).containsExactly("tool ran");
    }

    @Test
    void theRunKeepsTheUmaskOfWhoeverStartedTheMonitor() throws Exception {
        // The monitor itself works under 077; the job must not inherit that.
        MonitorSpec spec = monitors.shell("umask");
        String expected = new String(new ProcessBuilder("sh", "-c", "umask").start().getInputStream().readAllBytes()).strip();
        assertThat(outputOf(spec)).containsExactly(expected);
    }

    @Test
    void aRunAsAnotherUserHasItsIdsAndGroups() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "changing user needs root");
        MonitorSpec spec = monitors.shell("id -u; id -g; id -G")
                .withCredentials(new Credentials(65534, 65534, new int[] {65534, 4}))
                .withCwd("/");
        assertThat(outputOf(spec)).containsExactly("65534", "65534", "65534 4");
    }
}
