package io.dmon.agent.monitor;

import static io.dmon.agent.monitor.Monitors.await;
import static io.dmon.agent.monitor.Monitors.awaitState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The monitor outlives its agent: lines, exits and signals while no agent is attached. */
class MonitorDetachTest {
    /** Prints 1..N, one number every 10 ms. */
    private static String counting(int n) {
        return "i=0; while [ $i -lt " + n + " ]; do i=$((i+1)); echo $i; sleep 0.01; done";
    }

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

    @Test
    void linesWrittenWhileNoAgentIsAttachedAreAllStoredOnceEach() throws Exception {
        MonitorSpec spec = monitors.shell(counting(300));
        MonitorConnection first = monitors.run(spec);
        int pid = first.state().run().pid();
        MonitorState early = awaitState(first, "some lines", s -> s.lastSeq() >= 20);
        // Closed without a word, as a killed agent's socket is.
        first.close();
        await("lines written while detached", () -> storedLines(spec.dir()) > early.lastSeq() + 50);

        MonitorConnection second = monitors.attach(spec.dir());
        assertThat(second.state().run().pid()).isEqualTo(pid);
        MonitorState end = awaitState(second, "the run over and drained", s -> !s.running() && s.run().drained());
        assertThat(end.run().exit().isSuccess()).isTrue();
        assertThat(end.run().eofSeq()).isEqualTo(300);
        List<OutputStore.StoredLine> lines = Monitors.lines(spec.dir(), 1);
        assertThat(lines).extracting(OutputStore.StoredLine::seq)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 300).asLongStream().boxed().toList());
        assertThat(Monitors.texts(spec.dir()))
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 300).mapToObj(Integer::toString).toList());
    }

    @Test
    void anAgentKilledWithMinus9LeavesItsJobRunningUnderTheSamePid() throws Exception {
        MonitorSpec spec = monitors.shell(counting(200));
        monitors.start(spec);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process agent = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                MonitorClientMain.class.getName(), spec.dir().toString()).redirectErrorStream(true).start();
        int pid;
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(agent.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertThat(line).startsWith("started ");
            pid = Integer.parseInt(line.substring(8));
            await("a few lines", () -> storedLines(spec.dir()) >= 10);
        } finally {
            agent.destroyForcibly();
        }
        assertThat(agent.waitFor()).isEqualTo(137);
        long atKill = storedLines(spec.dir());

        MonitorConnection again = monitors.attach(spec.dir());
        assertThat(again.state().run().pid()).isEqualTo(pid);
        assertThat(again.state().run().run()).isEqualTo(1);
        MonitorState end = awaitState(again, "the run over and drained", s -> !s.running() && s.run().drained());
        assertThat(end.run().exit().isSuccess()).as("exit %s", end.run().exit()).isTrue();
        assertThat(end.lastSeq()).isGreaterThan(atKill);
        assertThat(Monitors.texts(spec.dir()))
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 200).mapToObj(Integer::toString).toList());
    }

    @Test
    void anExitWhileDetachedIsReportedWithItsRealStatusOnReattach() throws Exception {
        MonitorSpec exits = monitors.shell("sleep 0.3; exit 7");
        MonitorConnection c = monitors.run(exits);
        int pid = c.state().run().pid();
        c.detach();
        MonitorSpec killed = monitors.shell("sleep 0.3; kill -USR1 $$");
        MonitorConnection k = monitors.run(killed);
        int killedPid = k.state().run().pid();
        k.close();
        await("both runs reaped", () -> Monitors.gone(pid) && Monitors.gone(killedPid));

        MonitorState s = awaitState(monitors.attach(exits.dir()), "the exit", x -> !x.running());
        assertThat(s.run().exit().exitCode()).isEqualTo(7);
        assertThat(s.run().exitedMs()).isGreaterThanOrEqualTo(s.run().startedMs());
        MonitorState t = awaitState(monitors.attach(killed.dir()), "the exit", x -> !x.running());
        assertThat(t.run().exit().isSignal()).isTrue();
        assertThat(t.run().exit().signal()).isEqualTo(10);
    }

    @Test
    void aMonitorKilledWithMinus9IsFoundLostAndTakesItsRunWithIt() throws Exception {
        MonitorSpec spec = monitors.shell("exec sleep 600");
        MonitorConnection c = monitors.run(spec);
        int pid = c.state().run().pid();
        MonitorRecord monitor = c.monitor();
        assertThat(MonitorFinder.find(spec.dir())).isEqualTo(new MonitorFinder.Running(monitor));

        ProcessHandle.of(monitor.pid()).orElseThrow().destroyForcibly();
        assertThat(Monitors.awaitClosed(c).reason()).isEqualTo("the monitor closed the connection");
        await("the monitor gone", () -> !monitor.alive());
        assertThat(MonitorFinder.find(spec.dir())).isEqualTo(new MonitorFinder.Lost(monitor));
        await("its run killed with it", () -> Monitors.gone(pid));
        assertThatThrownBy(() -> MonitorConnection.attach(spec.dir(), Duration.ofSeconds(2)))
                .isInstanceOf(MonitorException.class).hasMessageContaining("no monitor listens in " + spec.dir());
    }

    @Test
    void theJobNeverMeetsSigpipeAndStartsWithNoSignalIgnoredOrBlocked() throws Exception {
        MonitorSpec spec = monitors.shell("grep -E '^Sig(Ign|Blk)' /proc/self/status; " + counting(100));
        MonitorConnection c = monitors.run(spec);
        c.close();
        await("every line written with no agent attached", () -> storedLines(spec.dir()) >= 102);

        MonitorState s = awaitState(monitors.attach(spec.dir()), "the exit", x -> !x.running());
        assertThat(s.run().exit().isSuccess()).as("exit %s", s.run().exit()).isTrue();
        assertThat(Monitors.texts(spec.dir()).subList(0, 2))
                .containsExactly("SigBlk:\t0000000000000000", "SigIgn:\t0000000000000000");
    }

    @Test
    void aNewConnectionTakesOverFromTheOldOne() throws Exception {
        MonitorSpec spec = monitors.shell("exec sleep 600");
        MonitorConnection old = monitors.run(spec);
        MonitorConnection fresh = monitors.attach(spec.dir());
        assertThat(Monitors.awaitClosed(old).reason()).isEqualTo("the monitor closed the connection");
        assertThat(old.isOpen()).isFalse();
        assertThat(fresh.signal(15)).isTrue();
        assertThat(awaitState(fresh, "the exit", s -> !s.running()).run().exit().signal()).isEqualTo(15);
    }

    private static long storedLines(Path dir) {
        try {
            return Monitors.lines(dir, 1).size();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
