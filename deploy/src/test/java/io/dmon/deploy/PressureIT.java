package io.dmon.deploy;

import static io.dmon.deploy.Fleet.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.agent.process.ProcStat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pressure end to end: a real coordinator and two agents as JVMs of their own, each agent with its
 * own pressure directory ({@code DMON_PRESSURE_DIR}) that the test writes, dmonctl for every
 * command, and /proc (state T) as the judge of whether a job's processes are stopped.
 */
class PressureIT extends FleetTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String[] GROUP = {"sh", "-c", "sleep 600 & sleep 600 & wait"};

    @BeforeEach
    void start() throws Exception {
        fleet = new Fleet(dir);
        fleet.startCoordinator();
        fleet.startAgent("db1", "role=db");
        fleet.startAgent("b1", "role=batch");
    }

    @Test
    void aGateOnAnotherHostsIoPressurePausesJobsElsewhere() throws Exception {
        ok(concat(new String[] {"run", "--host", "b1", "--name", "crunch", "--tag", "batch"}, GROUP));
        ok(concat(new String[] {"run", "--host", "db1", "--name", "web"}, GROUP));
        await("both running", WAIT, () -> runs("crunch@b1") && runs("web@db1"));
        await("hosts shows db1's pressure", WAIT, () -> hostLine("db1").contains("cpu 0.0 io 0.0 mem 0.0"));

        ok("gate", "add", "dbio", "--watch", "db1", "--metric", "io.some.avg10", "--high", "40", "--low", "20",
                "--tag", "batch");
        fleet.setIoPressure("db1", 55);
        awaitPaused("crunch@b1");
        assertThat(runs("web@db1")).as("not selected, though on the pressed host").isTrue();
        await("hosts shows it", WAIT, () -> hostLine("db1").contains("io 55.0"));
        await("gate ls CLOSED, 1 held", WAIT, () -> gateLine("dbio").matches("dbio\\s+db1\\s+io\\.some\\.avg10\\s+55\\.00"
                + "\\s+CLOSED\\s+1\\b.*"));
        assertThat(fleet.ctl("ps").out()).containsPattern("crunch@b1\\s.*PAUSED.*gate dbio");

        fleet.setLoad("db1", 9);
        fleet.setIoPressure("db1", 30);
        await("the gate saw 30.00", WAIT, () -> gateLine("dbio").contains("30.00"));
        assertThat(gateLine("dbio")).contains("CLOSED");
        assertThat(groupStopped(pid("crunch@b1"))).as("between the marks, whatever the load").isTrue();

        fleet.setIoPressure("db1", 19.5);
        await("released at the low mark", WAIT, () -> runs("crunch@b1"));
        assertThat(fleet.ctl("events", "-n", "200").out()).contains("db1 io.some.avg10 55.00 > high 40.00",
                "db1 io.some.avg10 19.50 <= low 20.00");

        var json = fleet.ctl("hosts", "--json").out();
        assertThat(json).contains("\"pressure\":{\"cpu\":{\"some\":{\"avg10\":0,\"avg60\":0,\"avg300\":0}");
        assertThat(fleet.ctl("gate", "ls", "--json").out()).contains("\"metric\":\"io.some.avg10\"");

        // A metric the host does not give is refused, not a gate that could never close.
        Files.delete(fleet.pressureDir("db1").resolve("cpu"));
        Files.writeString(fleet.pressureDir("db1").resolve("cpu"), "some avg10=0.00 avg60=0.00 avg300=0.00 total=0\n");
        await("db1 reports no cpu full line", WAIT, () -> fleet.ctl("hosts", "--json").out().contains("\"full\":null"));
        var refused = fleet.ctl("gate", "add", "cpufull", "--watch", "db1", "--metric", "cpu.full", "--high", "5", "--all");
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).isEqualTo("dmonctl: host 'db1' reports no cpu.full.avg10 (its kernel has no pressure"
                + " stall information, or not that line; or it has not sent a heartbeat yet)\n");
    }

    @Test
    void aJobsOwnPressureMarkPausesItThroughItsAgentAndNoPsiIsARefusal() throws Exception {
        ok(concat(new String[] {"run", "--host", "b1", "--name", "vacuum", "-P", "io=40"}, GROUP));
        await("running", WAIT, () -> runs("vacuum@b1"));
        fleet.setIoPressure("db1", 90);
        fleet.setIoPressure("b1", 41);
        awaitPaused("vacuum@b1");
        await("ps says why", WAIT, () -> fleet.ctl("ps").out().matches(
                "(?s).*vacuum@b1\\s.*PAUSED.*pressure io\\.some\\.avg10.*"));
        assertThat(fleet.ctl("status", "vacuum@b1").out()).contains("Options: -P io=40/20");
        fleet.setIoPressure("b1", 20);
        await("resumed at the low mark", WAIT, () -> runs("vacuum@b1"));

        // A host without pressure stall information: the job is refused, with the reason.
        Path gone = dir.resolve("b1.no-pressure");
        Files.move(fleet.pressureDir("b1"), gone);
        ok("run", "--host", "b1", "--name", "blind", "-P", "memory:full=10", "sleep", "600");
        await("refused", WAIT, () -> fleet.ctl("ps").out().matches("(?s).*blind@b1\\s.*REFUSED.*"));
        assertThat(fleet.ctl("ps").out()).contains("refused: -P memory:full=10/5: DMON_PRESSURE_DIR names "
                + fleet.pressureDir("b1") + ", which is not a directory");
        assertThat(fleet.ctl("events", "-n", "200").out()).contains("blind@b1").contains("REFUSED");
    }

    private static String[] concat(String[] a, String[] b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }

    private void awaitPaused(String job) throws InterruptedException {
        await(job + " stopped (every process of its group in state T)", Duration.ofSeconds(10),
                () -> groupStopped(pid(job)));
    }

    private boolean runs(String job) {
        List<ProcStat> group = group(pid(job));
        return group.size() >= 2 && group.stream().noneMatch(ProcStat::stopped);
    }

    private static boolean groupStopped(int pgid) {
        List<ProcStat> group = group(pgid);
        return group.size() >= 3 && group.stream().allMatch(ProcStat::stopped);
    }

    private static List<ProcStat> group(int pgid) {
        if (pgid <= 0) {
            return List.of();
        }
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
                    .map(n -> ProcStat.read(Integer.parseInt(n))).flatMap(o -> o.stream())
                    .filter(s -> s.pgrp() == pgid && s.state() != 'Z').toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private String hostLine(String name) {
        return fleet.ctl("hosts").out().lines().filter(l -> l.startsWith(name + " ")).findFirst().orElse("");
    }

    private String gateLine(String name) {
        return fleet.ctl("gate", "ls").out().lines().filter(l -> l.startsWith(name + " ")).findFirst().orElse("");
    }

    /** The pid of a job in `ps --json`, 0 when none. */
    private int pid(String job) {
        String json = fleet.ctl("ps", "--json").out();
        int at = json.indexOf("\"id\":\"" + job + "\"");
        if (at < 0) {
            return 0;
        }
        int p = json.indexOf("\"pid\":", at);
        int end = json.indexOf(',', p);
        String value = json.substring(p + 6, end).trim();
        return value.equals("null") ? 0 : Integer.parseInt(value);
    }
}
