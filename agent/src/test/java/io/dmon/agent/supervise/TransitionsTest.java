package io.dmon.agent.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.agent.load.PressureSample;
import io.dmon.agent.process.ExitStatus;
import io.dmon.agent.process.Signals;
import io.dmon.agent.supervise.SupervisorEvent.Timer;
import io.dmon.agent.supervise.SupervisorState.Phase;
import io.dmon.spec.PressureMark;
import io.dmon.spec.PressureMetric;
import io.dmon.spec.PressureMetric.Resource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The supervisor's rules, cell by cell: each sample state meets each sample event, and the
 * actions and the state that follow are compared with transitions.table (one line a cell; a
 * cell not listed must do nothing at all). Time stands at 100 s; the samples' runs started at 0.
 */
class TransitionsTest {
    private static final long S = 1_000_000_000L;
    private static final long NOW = 100 * S;
    private static final SupervisorSettings SETTINGS = new SupervisorSettings("cmd", "log", false, -1, 0, 300 * S, 4, 2,
            true, true, 10 * S, 2_000, 5 * S, List.of(new PressureMark(PressureMetric.of(Resource.IO), 40, 20)));
    private static final Transitions RULES = new Transitions(SETTINGS, true);

    private static final Proc CMD = new Proc(1, 100, 7, true, 0);
    private static final Proc LOG = new Proc(2, 200, 8, true, 0);
    private static final Proc NEW_CMD = new Proc(3, 300, 9, true, 0);
    private static final Proc NEW_LOG = new Proc(4, 400, 9, true, 0);

    static Map<String, SupervisorState> states() {
        SupervisorState base = SupervisorState.INITIAL.withLog(LogCommand.NONE.started(LOG, 0));
        CommandRun run = CommandRun.started(CMD, 0, 1_000);
        Map<String, SupervisorState> s = new LinkedHashMap<>();
        s.put("new", SupervisorState.INITIAL);
        s.put("waiting", base.withState(JobState.EXITED).withRun(1).withRespawns(1).withLastStatus(0));
        s.put("held", base.withState(JobState.PAUSED).withHolds(Set.of("manual")));
        s.put("running", base.withState(JobState.RUNNING).withRun(1).withCmd(run));
        s.put("paused", base.withState(JobState.PAUSED).withRun(1).withHolds(Set.of("manual"))
                .withCmd(run.pausedAt(90 * S)));
        s.put("load-paused", base.withState(JobState.PAUSED).withRun(1).withHolds(Set.of("load")).withLoadClosed(true)
                .withCmd(run.pausedAt(90 * S)));
        s.put("pressure-paused", base.withState(JobState.PAUSED).withRun(1).withHolds(Set.of("pressure io.some.avg10"))
                .withCmd(run.pausedAt(90 * S)));
        s.put("stopping", base.withState(JobState.RUNNING).withPhase(Phase.STOPPING).withRun(1).withCmd(run));
        s.put("draining", base.withState(JobState.STOPPED).withPhase(Phase.DRAINING).withRun(1).withLastStatus(15));
        s.put("closed", base.withState(JobState.STOPPED).withPhase(Phase.CLOSED).withRun(1).withLastStatus(15));
        s.put("closed-log-gone", base.withState(JobState.STOPPED).withPhase(Phase.CLOSED).withRun(1)
                .withLastStatus(15).withLog(LogCommand.NONE.due(true)));
        return s;
    }

    static Map<String, SupervisorEvent> events() {
        Map<String, SupervisorEvent> e = new LinkedHashMap<>();
        e.put("begin", new SupervisorEvent.Begin(Set.of()));
        e.put("adopt", new SupervisorEvent.Adopt(Set.of(), NEW_CMD, 50 * S, 5_000, false, 2));
        e.put("adopt stopped", new SupervisorEvent.Adopt(Set.of(), NEW_CMD, 50 * S, 5_000, true, 2));
        e.put("adopt held", new SupervisorEvent.Adopt(Set.of("manual"), NEW_CMD, 50 * S, 5_000, false, 2));
        e.put("adopt held, stopped", new SupervisorEvent.Adopt(Set.of("manual"), NEW_CMD, 50 * S, 5_000, true, 2));
        for (Timer t : Timer.values()) {
            e.put("fired " + t, new SupervisorEvent.Fired(t));
        }
        e.put("cmd started", new SupervisorEvent.CmdStarted(NEW_CMD, 5_000));
        e.put("cmd start failed", new SupervisorEvent.CmdStartFailed("no fork"));
        e.put("cmd exit 0", new SupervisorEvent.CmdExited(1, ExitStatus.exited(0)));
        e.put("cmd exit 2", new SupervisorEvent.CmdExited(1, ExitStatus.exited(2)));
        e.put("stale cmd exit", new SupervisorEvent.CmdExited(99, ExitStatus.exited(0)));
        e.put("cmd lost", new SupervisorEvent.CmdLost(1));
        e.put("log started", new SupervisorEvent.LogStarted(NEW_LOG));
        e.put("log start failed", new SupervisorEvent.LogStartFailed("no fork"));
        e.put("log exit", new SupervisorEvent.LogExited(2, ExitStatus.exited(0), false));
        e.put("log exit, lines left", new SupervisorEvent.LogExited(2, ExitStatus.exited(0), true));
        e.put("load 9", new SupervisorEvent.LoadRead(9, true));
        e.put("load 3", new SupervisorEvent.LoadRead(3, true));
        e.put("load 1", new SupervisorEvent.LoadRead(1, true));
        e.put("load unreadable", new SupervisorEvent.LoadRead(0, false));
        e.put("pressure io 50", ioPressure(50));
        e.put("pressure io 30", ioPressure(30));
        e.put("pressure io 10", ioPressure(10));
        e.put("pressure unreadable", new SupervisorEvent.PressureRead(PressureSample.NONE));
        e.put("drained", new SupervisorEvent.OutputDrained(false));
        e.put("stop", new SupervisorEvent.Stop());
        e.put("forward USR1", new SupervisorEvent.Forward(Signals.USR1));
        e.put("signal HUP", new SupervisorEvent.SignalCommand(Signals.HUP));
        e.put("hold manual", new SupervisorEvent.Hold("manual", true));
        e.put("release manual", new SupervisorEvent.Hold("manual", false));
        e.put("hold gate", new SupervisorEvent.Hold("gate", true));
        return e;
    }

    /** A reading with only io's some line: {@code avg10} as given, the longer averages 0. */
    private static SupervisorEvent ioPressure(double avg10) {
        return new SupervisorEvent.PressureRead(new PressureSample(Map.of(Resource.IO,
                new PressureSample.Lines(new PressureSample.Averages(avg10, 0, 0), null))));
    }

    /** One cell as the table writes it: the actions, then what changed in the state. */
    static String render(SupervisorState before, Transitions.Step step) {
        List<String> parts = new ArrayList<>();
        for (SupervisorAction a : step.actions()) {
            String text = a.toString();
            if (a instanceof SupervisorAction.Arm arm) {
                long d = arm.at() - NOW;
                text = "arm " + arm.timer() + (d == 0 ? " now" : " " + (d > 0 ? "+" : "") + d / 1_000_000 + "ms");
            }
            parts.add(text);
        }
        SupervisorState after = step.state();
        if (after.phase() != before.phase()) {
            parts.add("phase " + after.phase());
        }
        if (!after.holds().equals(before.holds())) {
            parts.add("holds " + after.holds());
        }
        if ((after.cmd() == null) != (before.cmd() == null)) {
            parts.add(after.cmd() == null ? "cmd gone" : "cmd " + after.cmd().proc().pid());
        }
        if (after.log().live() != before.log().live() || after.log().startDue() != before.log().startDue()) {
            parts.add("log " + (after.log().live() ? after.log().proc().pid() : "none")
                    + (after.log().startDue() ? ", start due" : ""));
        }
        if (after.run() != before.run() || after.respawns() != before.respawns()) {
            parts.add("run " + after.run() + " respawns " + after.respawns());
        }
        return parts.isEmpty() && after.equals(before) ? "-" : String.join("; ", parts);
    }

    static Map<String, String> table() throws IOException {
        Map<String, String> cells = new LinkedHashMap<>();
        try (var in = TransitionsTest.class.getResourceAsStream("transitions.table")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split(" \\| ", 3);
                cells.put(f[0].strip() + " | " + f[1].strip(), f[2].strip());
            }
        }
        return cells;
    }

    @Test
    void everyCellGivesTheActionsTheTableSays() throws IOException {
        Map<String, String> expected = table();
        List<String> wrong = new ArrayList<>();
        List<String> actual = new ArrayList<>();
        for (var s : states().entrySet()) {
            for (var e : events().entrySet()) {
                String key = s.getKey() + " | " + e.getKey();
                String got = render(s.getValue(), RULES.apply(s.getValue(), e.getValue(), NOW));
                if (!got.equals("-")) {
                    actual.add(String.format("%-16s | %-21s | %s", s.getKey(), e.getKey(), got));
                }
                if (!got.equals(expected.getOrDefault(key, "-"))) {
                    wrong.add(key + "\n   table: " + expected.getOrDefault(key, "-") + "\n   rules: " + got);
                }
            }
        }
        assertThat(wrong).as("cells that differ; the rules give, for every cell that does something:\n"
                + String.join("\n", actual)).isEmpty();
    }

    @Test
    void theTableNamesOnlyStatesAndEventsThatExist() throws IOException {
        Set<String> cells = states().keySet().stream()
                .flatMap(s -> events().keySet().stream().map(e -> s + " | " + e)).collect(Collectors.toSet());
        assertThat(cells).containsAll(table().keySet());
    }

    @Test
    void aRunThatWasPausedTimesOutOnlyAfterItsUnpausedTimeAddsUp() {
        SupervisorState paused = states().get("paused");
        var resumed = RULES.apply(paused, new SupervisorEvent.Hold("manual", false), NOW);
        // Started at 0, paused at 90 s, resumed at 100 s: 10 s paused, so 300 s of timeout end at 310 s.
        assertThat(resumed.actions()).contains(new SupervisorAction.Arm(Timer.TIMEOUT, 310 * S));
    }

    @Test
    void aJobEndsOnlyOnceItsOutputIsClosedAndNoLogCommandRunsOrIsDue() {
        SupervisorState closed = states().get("closed");
        assertThat(closed.finished()).isFalse();
        var exited = RULES.apply(closed, new SupervisorEvent.LogExited(2, ExitStatus.exited(0), false), NOW);
        assertThat(exited.state().finished()).isTrue();
        var again = RULES.apply(closed, new SupervisorEvent.LogExited(2, ExitStatus.exited(0), true), NOW);
        assertThat(again.state().finished()).as("lines left: the log command runs once more").isFalse();
    }
}
