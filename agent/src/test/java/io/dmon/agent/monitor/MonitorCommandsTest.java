package io.dmon.agent.monitor;

import static io.dmon.agent.monitor.Monitors.await;
import static io.dmon.agent.monitor.Monitors.awaitState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dmon.agent.process.ProcStat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting runs, signalling, stopping and ending a monitor. */
class MonitorCommandsTest {
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
    void runsStartOnlyInOrderAndOneAtATime() throws Exception {
        MonitorSpec spec = monitors.shell("echo run; exec sleep 600");
        MonitorConnection c = monitors.run(spec);
        MonitorState.Run first = c.state().run();
        assertThat(first.run()).isEqualTo(1);
        assertThat(first.startTime()).isEqualTo(ProcStat.read(first.pid()).orElseThrow().startTime());
        assertThat(ProcStat.read(first.pid()).orElseThrow().pgrp()).as("leads its own group").isEqualTo(first.pid());
        assertThatThrownBy(() -> c.start(2)).hasMessageEndingWith("refused to start run 2: running");
        awaitState(c, "run 1's line", s -> s.lastSeq() == 1);
        assertThat(c.signal(15)).isTrue();
        awaitState(c, "run 1 over", s -> !s.running());
        assertThatThrownBy(() -> c.start(1)).hasMessageEndingWith("refused to start run 1: order");

        MonitorState.Run second = c.start(5);
        assertThat(second.run()).isEqualTo(5);
        assertThat(second.pid()).isNotEqualTo(first.pid());
        assertThat(c.nextEvent(Monitors.DEADLINE)).isEqualTo(new MonitorEvent.Started(1, first.pid(), first.startTime(),
                0, first.startedMs()));
        MonitorState done = awaitState(c, "both runs' lines", s -> s.lastSeq() == 2);
        assertThat(Monitors.lines(spec.dir(), 1)).extracting(OutputStore.StoredLine::run).containsExactly(1, 5);
        assertThat(done.run().run()).isEqualTo(5);
    }

    @Test
    void aSignalReachesTheLeaderAloneOrTheWholeGroup() throws Exception {
        MonitorSpec leader = monitors.shell("trap 'echo usr1; exit 3' USR1; echo ready; while :; do sleep 0.05; done");
        MonitorConnection c = monitors.run(leader);
        awaitState(c, "the trap set", x -> x.lastSeq() == 1);
        assertThat(c.signal(10)).isTrue();
        MonitorState s = awaitState(c, "the exit", x -> !x.running());
        assertThat(s.run().exit().exitCode()).isEqualTo(3);
        assertThat(c.signal(10)).as("a reaped leader is not signalled").isFalse();

        MonitorSpec group = monitors.shell("sleep 600 & echo $!; wait");
        MonitorConnection g = monitors.run(group);
        awaitState(g, "the child's pid", x -> x.lastSeq() == 1);
        int child = Integer.parseInt(Monitors.texts(group.dir()).get(0));
        assertThat(g.signalGroup(15)).isTrue();
        assertThat(awaitState(g, "the exit", x -> !x.running()).run().exit().signal()).isEqualTo(15);
        await("the child killed with its group", () -> Monitors.gone(child));
        assertThat(g.signalGroup(15)).as("an empty group is not signalled").isFalse();
    }

    @Test
    void stopSendsTermThenKillsWhatIsLeftAfterTheGracePeriod() throws Exception {
        MonitorSpec stubborn = monitors.shell("trap 'echo term' TERM; echo ready; while :; do sleep 0.05; done");
        MonitorConnection c = monitors.run(stubborn);
        awaitState(c, "ready", s -> s.lastSeq() == 1);
        c.stop(Duration.ofMillis(300));
        MonitorState s = awaitState(c, "the exit", x -> !x.running());
        assertThat(s.run().exit().signal()).isEqualTo(9);
        assertThat(Monitors.texts(stubborn.dir())).contains("term");

        MonitorSpec polite = monitors.shell("exec sleep 600");
        MonitorConnection p = monitors.run(polite);
        p.stop(Duration.ofSeconds(30));
        assertThat(awaitState(p, "the exit", x -> !x.running()).run().exit().signal()).isEqualTo(15);
    }

    @Test
    void quitWaitsForTheRunAndLeavesItsLastStateBehind() throws Exception {
        MonitorSpec spec = monitors.shell("echo bye; exec sleep 600");
        MonitorConnection c = monitors.run(spec);
        MonitorRecord monitor = c.monitor();
        assertThatThrownBy(c::quit).hasMessageEndingWith("did not quit: running");
        awaitState(c, "the line", s -> s.lastSeq() == 1);
        c.signalGroup(9);
        awaitState(c, "the exit", s -> !s.running());
        c.quit();
        await("the monitor gone", () -> !monitor.alive());
        assertThat(Files.exists(spec.dir().resolve("sock"))).isFalse();
        MonitorFinder.Found found = MonitorFinder.find(spec.dir());
        assertThat(found).isInstanceOf(MonitorFinder.Ended.class);
        MonitorState last = ((MonitorFinder.Ended) found).last();
        assertThat(last.run().exit().signal()).isEqualTo(9);
        assertThat(last.run().drained()).isTrue();
        assertThat(last.lastSeq()).isEqualTo(1);
        assertThat(Monitors.texts(spec.dir())).containsExactly("bye");
    }

    @Test
    void aTermToTheMonitorStopsItsRunAndEndsIt() throws Exception {
        MonitorSpec spec = monitors.shell("trap 'echo term; exit 4' TERM; echo ready; while :; do sleep 0.05; done");
        MonitorConnection c = monitors.run(spec);
        MonitorRecord monitor = c.monitor();
        awaitState(c, "the trap set", s -> s.lastSeq() == 1);
        ProcessHandle.of(monitor.pid()).orElseThrow().destroy();
        await("the monitor gone", () -> !monitor.alive());
        MonitorState last = ((MonitorFinder.Ended) MonitorFinder.find(spec.dir())).last();
        assertThat(last.run().exit().exitCode()).isEqualTo(4);
        // (sh also says on stderr that its sleep was terminated: the TERM went to the whole group.)
        assertThat(Monitors.lines(spec.dir(), 1)).filteredOn(l -> !l.stderr())
                .extracting(l -> new String(l.line(), java.nio.charset.StandardCharsets.UTF_8))
                .containsExactly("ready", "term");
    }

    @Test
    void aProgramThatCannotRunExits111WithTheReason() throws Exception {
        MonitorSpec spec = MonitorSpec.of(monitors.dir(), java.util.List.of("no-such-program-dmon"), Monitors.ENV);
        MonitorConnection c = monitors.run(spec);
        assertThat(c.state().run().execErrno()).isEqualTo(2);
        assertThat(awaitState(c, "the exit", s -> !s.running()).run().exit().exitCode()).isEqualTo(111);
    }
}
