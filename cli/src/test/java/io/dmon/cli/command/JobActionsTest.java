package io.dmon.cli.command;

import static io.dmon.cli.Protos.job;
import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.cli.Coordinators;
import io.dmon.cli.Coordinators.Result;
import io.dmon.cli.FakeCoordinator;
import io.dmon.cli.FakeCoordinator.Script;
import io.dmon.proto.v1.EventsRequest;
import io.dmon.proto.v1.JobEvent;
import io.dmon.proto.v1.JobState;
import io.dmon.proto.v1.JobsRequest;
import io.dmon.proto.v1.JobsResponse;
import io.dmon.proto.v1.SignalRequest;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** stop, restart, signal and events. */
class JobActionsTest {
    private final Coordinators coordinators = new Coordinators();
    private FakeCoordinator coordinator;

    @BeforeEach
    void start() {
        coordinator = coordinators.start("a");
        JobsResponse both = JobsResponse.newBuilder().addJobs(job("web", "h1")).addJobs(job("db", "h2")).build();
        coordinator.stop = r -> both;
        coordinator.restart = r -> both;
        coordinator.signal = r -> JobsResponse.newBuilder().addJobs(job("web", "h1")).build();
    }

    @AfterEach
    void stop() throws InterruptedException {
        coordinators.close();
    }

    @Test
    void stopAndRestartSendTheIdsAndPrintWhatWasActedOn() {
        Result stop = coordinators.run("stop", "web@h1", "db@h2");
        Result restart = coordinators.run("restart", "web@h1", "db@h2");

        assertThat(stop.status()).isZero();
        assertThat(stop.out()).isEqualTo("web@h1\ndb@h2\n");
        assertThat(restart.out()).isEqualTo("web@h1\ndb@h2\n");
        assertThat(coordinator.requests(JobsRequest.class)).hasSize(2)
                .allSatisfy(r -> assertThat(r.getJobIdsList()).containsExactly("web@h1", "db@h2"));
    }

    @Test
    void stopNeedsAJob() {
        Result r = coordinators.run("stop");

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("dmonctl: empty selector: give job ids, --host, --tag, --label or --all\n");
    }

    @Test
    void signalByNameOrNumber() {
        assertThat(coordinators.run("signal", "web@h1", "SIGHUP").out()).isEqualTo("web@h1\n");
        coordinators.run("signal", "web@h1", "usr1");
        coordinators.run("signal", "web@h1", "9");

        assertThat(coordinator.requests(SignalRequest.class)).extracting(SignalRequest::getSignal).containsExactly(1, 10, 9);
        assertThat(coordinator.requests(SignalRequest.class)).allSatisfy(r -> assertThat(r.getJobId()).isEqualTo("web@h1"));
    }

    @Test
    void anUnknownSignalIsOneLineAndSendsNothing() {
        Result r = coordinators.run("signal", "web@h1", "SIGFOO");

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).startsWith("dmonctl: unknown signal 'SIGFOO'").hasLineCount(1);
        assertThat(coordinator.requests).isEmpty();
    }

    @Test
    void eventsOneLineEach() {
        coordinator.events = r -> Script.ending(List.of(
                JobEvent.newBuilder().setJobId("web@h1").setRole(JobEvent.Role.CMD).setKind(JobEvent.Kind.START)
                        .setPid(4242).setState(JobState.RUNNING).setUnixMs(Coordinators.NOW).build(),
                JobEvent.newBuilder().setJobId("web@h1").setRole(JobEvent.Role.CMD).setKind(JobEvent.Kind.EXIT)
                        .setPid(4242).setValue(256).setState(JobState.EXITED).setUnixMs(Coordinators.NOW + 1500).build(),
                JobEvent.newBuilder().setJobId("web@h1").setRole(JobEvent.Role.LOG).setKind(JobEvent.Kind.STOP)
                        .setPid(4243).setState(JobState.STOPPED).setCause("operator").setUnixMs(Coordinators.NOW + 2001)
                        .build(),
                JobEvent.newBuilder().setKind(JobEvent.Kind.GATE_CLOSED).setGate("dbload")
                        .setCause("db1 load1 6.20 > high 4.00").setUnixMs(Coordinators.NOW + 3000).build()));

        Result r = coordinators.run("events", "-f");

        assertThat(r.status()).isZero();
        assertThat(r.out()).isEqualTo(""
                + "2027-01-15T08:00:00.000Z web@h1 cmd start 4242 (RUNNING)\n"
                + "2027-01-15T08:00:01.500Z web@h1 cmd exit 4242 256 (EXITED)\n"
                + "2027-01-15T08:00:02.001Z web@h1 log stop 4243 (STOPPED, operator)\n"
                + "2027-01-15T08:00:03.000Z gate dbload closed (db1 load1 6.20 > high 4.00)\n");
        EventsRequest request = coordinator.requests(EventsRequest.class).get(0);
        assertThat(request.getFollow()).isTrue();
        assertThat(request.getRecent()).isEqualTo(100);
    }

    @Test
    void eventsTakeSelectorsSinceAndPrintJsonLines() {
        coordinator.events = r -> Script.ending(List.of(
                JobEvent.newBuilder().setJobId("web@h1").setHost("h1").setRole(JobEvent.Role.CMD)
                        .setKind(JobEvent.Kind.EXIT).setPid(4242).setValue(256).setRun(3).setState(JobState.EXITED)
                        .setUnixMs(Coordinators.NOW).build(),
                JobEvent.newBuilder().setKind(JobEvent.Kind.GATE_CLOSED).setGate("dbload").setCause("load")
                        .setUnixMs(Coordinators.NOW + 1).build()));

        Result r = coordinators.run("events", "--host", "h1", "--host", "h2", "--tag", "nightly", "--since", "10m",
                "--json");

        assertThat(r.status()).isZero();
        assertThat(r.out()).isEqualTo(""
                + "{\"time\":\"2027-01-15T08:00:00Z\",\"unix_ms\":1800000000000,\"job_id\":\"web@h1\","
                + "\"host\":\"h1\",\"gate\":null,\"role\":\"cmd\",\"kind\":\"exit\","
                + "\"what\":\"cmd exit 4242 256\",\"pid\":4242,\"value\":256,\"run\":3,\"state\":\"EXITED\","
                + "\"cause\":null}\n"
                + "{\"time\":\"2027-01-15T08:00:00.001Z\",\"unix_ms\":1800000000001,\"job_id\":null,"
                + "\"host\":null,\"gate\":\"dbload\",\"role\":\"cmd\",\"kind\":\"gate_closed\","
                + "\"what\":\"closed\",\"pid\":0,\"value\":0,\"run\":0,\"state\":null,\"cause\":\"load\"}\n");
        EventsRequest request = coordinator.requests(EventsRequest.class).get(0);
        assertThat(request.getSinceUnixMs()).isEqualTo(Coordinators.NOW - 600_000);
        assertThat(request.getRecent()).as("every one since").isZero();
        assertThat(request.getSelector().getHost()).isEqualTo("h1");
        assertThat(request.getSelector().getHostsList()).containsExactly("h1", "h2");
        assertThat(request.getSelector().getTag()).isEqualTo("nightly");
    }

    @Test
    void eventsRefuseWhatTheyCannotMean() {
        Result badSince = coordinators.run("events", "--since", "yesterday");
        Result mixed = coordinators.run("events", "web@h1", "--all");

        assertThat(badSince.status()).isEqualTo(2);
        assertThat(badSince.err()).isEqualTo("dmonctl: --since: 'yesterday' is not a duration (90s, 10m, 2h, 1d) "
                + "or a time (2026-12-04T10:00, 2026-12-04T10:00:30Z, 2026-12-04T10:00+01:00)\n");
        assertThat(mixed.status()).isEqualTo(2);
        assertThat(coordinator.requests(EventsRequest.class)).isEmpty();
    }

    @Test
    void eventsByIdAskForThoseJobsAndWithoutASelectorForEveryEvent() {
        coordinator.listJobs = r -> io.dmon.proto.v1.ListJobsResponse.newBuilder()
                .addJobs(io.dmon.proto.v1.JobView.newBuilder().setJob(job("web", "h1"))).build();
        coordinators.run("events", "web");
        coordinators.run("events");

        assertThat(coordinator.requests(EventsRequest.class).get(0).getSelector().getJobIdsList())
                .containsExactly("web@h1");
        assertThat(coordinator.requests(EventsRequest.class).get(1).hasSelector()).isFalse();
        assertThat(coordinator.requests(EventsRequest.class).get(1).getRecent()).isEqualTo(100);
    }

    @Test
    void signalTakesJobsOrASelectorAndTheSignalLast() {
        assertThat(coordinators.run("signal", "web@h1", "HUP").status()).isZero();
        assertThat(coordinators.run("signal", "--host", "h1", "--tag", "nightly", "TERM").status()).isZero();
        Result noSignal = coordinators.run("signal");

        List<SignalRequest> sent = coordinator.requests(SignalRequest.class);
        assertThat(sent.get(0).getJobId()).isEqualTo("web@h1");
        assertThat(sent.get(0).getSignal()).isEqualTo(1);
        assertThat(sent.get(1).getSelector().getHost()).isEqualTo("h1");
        assertThat(sent.get(1).getSelector().getTag()).isEqualTo("nightly");
        assertThat(sent.get(1).getSignal()).isEqualTo(15);
        assertThat(noSignal.status()).isEqualTo(2);
    }

    @Test
    void stopAndRestartTakeTheSelectors() {
        assertThat(coordinators.run("stop", "--tag", "nightly").status()).isZero();
        assertThat(coordinators.run("restart", "--all").status()).isZero();

        assertThat(coordinator.requests(JobsRequest.class).get(0).getSelector().getTag()).isEqualTo("nightly");
        assertThat(coordinator.requests(JobsRequest.class).get(1).getSelector().getAll()).isTrue();
    }
}
