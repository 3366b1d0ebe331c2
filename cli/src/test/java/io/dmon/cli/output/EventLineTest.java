package io.dmon.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.cli.Coordinators;
import io.dmon.proto.v1.JobEvent;
import io.dmon.proto.v1.JobEvent.Kind;
import io.dmon.proto.v1.JobState;
import org.junit.jupiter.api.Test;

/** Events of pausing, gates, leases and spools, one readable line each. */
class EventLineTest {
    private static final String T = "2027-01-15T08:00:00.000Z ";

    private static JobEvent.Builder event(String job, Kind kind) {
        return JobEvent.newBuilder().setJobId(job).setKind(kind).setUnixMs(Coordinators.NOW);
    }

    @Test
    void coordinatorDecisionsOnJobsSayWhoAsked() {
        assertThat(EventLine.render(event("web@h1", Kind.PAUSE_REQUESTED).setCause("manual by alice@ops1 for 10m").build()))
                .isEqualTo(T + "web@h1 pause requested (manual by alice@ops1 for 10m)");
        assertThat(EventLine.render(event("web@h1", Kind.RESUME_REQUESTED).setCause("by alice@ops1").build()))
                .isEqualTo(T + "web@h1 resume requested (by alice@ops1)");
        assertThat(EventLine.render(event("web@h1", Kind.PAUSE_REQUESTED).setState(JobState.RUNNING).build()))
                .as("a state, when the coordinator gives one, is shown")
                .isEqualTo(T + "web@h1 pause requested (RUNNING)");
    }

    @Test
    void gateChangesNameTheGateAndWhy() {
        assertThat(EventLine.render(event("", Kind.GATE_CLOSED).setGate("dbload").setCause("db1 load1 6.20 > high 4.00")
                .build())).isEqualTo(T + "gate dbload closed (db1 load1 6.20 > high 4.00)");
        assertThat(EventLine.render(event("", Kind.GATE_OPENED).setGate("dbload").setCause("max load1 1.10 <= low 2.00")
                .build())).isEqualTo(T + "gate dbload opened (max load1 1.10 <= low 2.00)");
        assertThat(EventLine.render(event("", Kind.GATE_ADDED).setGate("dbload").setCause("added by alice@ops1").build()))
                .isEqualTo(T + "gate dbload added (added by alice@ops1)");
        assertThat(EventLine.render(event("", Kind.GATE_REMOVED).setGate("dbload").build()))
                .isEqualTo(T + "gate dbload removed");
        assertThat(EventLine.render(event("web@h1", Kind.GATE_CLOSED).setGate("dbload").build()))
                .as("with a job as subject the gate is still named")
                .isEqualTo(T + "web@h1 gate dbload closed");
    }

    @Test
    void leaseExpiryAndSpoolOverflowOnTheAgent() {
        assertThat(EventLine.render(event("web@h1", Kind.LEASE_EXPIRED).setState(JobState.RUNNING)
                .setCause("pause by alice@ops1 for 10m ended").build()))
                .isEqualTo(T + "web@h1 lease expired (RUNNING, pause by alice@ops1 for 10m ended)");
        assertThat(EventLine.render(event("web@h1", Kind.SPOOL_OVERFLOW).setValue(1200).setState(JobState.RUNNING).build()))
                .isEqualTo(T + "web@h1 spool full, 1200 lines dropped (RUNNING)");
        assertThat(EventLine.render(event("web@h1", Kind.SPOOL_OVERFLOW).setValue(1).setState(JobState.PAUSED).build()))
                .isEqualTo(T + "web@h1 spool full, 1 line dropped (PAUSED)");
        assertThat(EventLine.render(event("web@h1", Kind.SPOOL_OVERFLOW).setRole(JobEvent.Role.LOG).setValue(9)
                .setCause("spool full at 64 KiB: 9 lines dropped (seq 10-18)").build()))
                .isEqualTo(T + "web@h1 spool overflow (spool full at 64 KiB: 9 lines dropped (seq 10-18))");
    }

    @Test
    void aRunLostWithItsMonitorAndOneTakenOverAfterAnAgentRestart() {
        assertThat(EventLine.render(event("web@h1", Kind.LOST).setPid(4242).setState(JobState.EXITED)
                .setCause("its monitor is gone").build()))
                .isEqualTo(T + "web@h1 cmd lost 4242 (EXITED, its monitor is gone)");
        assertThat(EventLine.render(event("web@h1", Kind.EXIT).setPid(4242).setValue(512).setState(JobState.EXITED)
                .setCause("ended while no agent was attached").build()))
                .isEqualTo(T + "web@h1 cmd exit 4242 512 (EXITED, ended while no agent was attached)");
    }

    @Test
    void aLostRunEndsItsRunInTheHistoryWithoutAStatus() {
        var runs = RunHistory.of(java.util.List.of(
                event("web@h1", Kind.START).setRole(JobEvent.Role.CMD).setRun(3).setPid(4242).setUnixMs(1_000).build(),
                event("web@h1", Kind.LOST).setRole(JobEvent.Role.CMD).setRun(3).setPid(4242).setUnixMs(5_000).build()), 5);
        assertThat(runs).hasSize(1);
        assertThat(runs.get(0).result()).isEqualTo("lost");
        assertThat(runs.get(0).endUnixMs()).isEqualTo(5_000);
    }

    @Test
    void aRefusedAgentSessionNamesTheHostItClaimedAndWhoTried() {
        assertThat(EventLine.render(event("", Kind.SESSION_REFUSED).setHost("mail2")
                .setCause("agent/mail1 may register only as mail1").build()))
                .isEqualTo(T + "host mail2 session refused (agent/mail1 may register only as mail1)");
    }

    @Test
    void agentPausesNameTheGateThatCausedThem() {
        JobEvent.Builder pause = event("web@h1", Kind.PAUSE).setRole(JobEvent.Role.CMD).setPid(4242).setState(JobState.PAUSED);
        assertThat(EventLine.render(pause.clone().setCause("manual,gate dbload").build()))
                .isEqualTo(T + "web@h1 cmd pause 4242 (PAUSED, manual,gate dbload)");
        assertThat(EventLine.render(pause.clone().setGate("dbload").build()))
                .isEqualTo(T + "web@h1 cmd pause 4242 (PAUSED, gate dbload)");
        assertThat(EventLine.render(pause.clone().setCause("load").setGate("dbload").build()))
                .isEqualTo(T + "web@h1 cmd pause 4242 (PAUSED, load, gate dbload)");
        assertThat(EventLine.render(pause.clone().setCause("gate dbload").setGate("dbload").build()))
                .isEqualTo(T + "web@h1 cmd pause 4242 (PAUSED, gate dbload)");
    }

    @Test
    void agentEventsKeepTheirStateEvenWhenUnknown() {
        assertThat(EventLine.render(event("web@h1", Kind.STATE).build())).isEqualTo(T + "web@h1 state (UNKNOWN)");
        assertThat(EventLine.render(event("", Kind.STATE).build())).isEqualTo(T + "- state (UNKNOWN)");
    }
}
