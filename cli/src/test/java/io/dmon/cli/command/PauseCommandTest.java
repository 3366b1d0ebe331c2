package io.dmon.cli.command;

import static io.dmon.cli.Protos.job;
import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.cli.Coordinators;
import io.dmon.cli.Coordinators.Result;
import io.dmon.cli.FakeCoordinator;
import io.dmon.cli.output.TinyJson;
import io.dmon.proto.v1.Job;
import io.dmon.proto.v1.JobsResponse;
import io.dmon.proto.v1.Pause;
import io.dmon.proto.v1.PauseRequest;
import io.dmon.proto.v1.ResumeRequest;
import io.dmon.proto.v1.Selector;
import io.grpc.Status;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** pause and resume: the selector, the lease and who asked, what is printed, and every bad input. */
class PauseCommandTest {
    private final Coordinators coordinators = new Coordinators();
    private FakeCoordinator coordinator;

    private final Job web = job("web", "h1");
    private final Job db = job("db", "h2");

    @BeforeEach
    void start() {
        coordinator = coordinators.start("a");
        coordinator.pause = r -> JobsResponse.newBuilder()
                .addJobs(web.toBuilder().setPause(Pause.newBuilder().setId("p1").setSinceUnixMs(Coordinators.NOW)
                        .setLeaseMs(r.getLeaseMs()).setBy(r.getBy())))
                .addJobs(db.toBuilder().setPause(Pause.newBuilder().setId("p1").setBy(r.getBy())))
                .build();
        coordinator.resume = r -> JobsResponse.newBuilder().addJobs(web).addJobs(db).build();
    }

    @AfterEach
    void stop() {
        coordinators.close();
    }

    /** dmonctl as alice on ops1. */
    private Result run(String... args) {
        return coordinators.run(List.of("a"), c -> c.env(Map.of("USER", "alice", "LOGNAME", "al")).hostName("ops1"), args);
    }

    @Test
    void pauseByIdsUntilResumed() {
        Result r = run("pause", "web@h1", "db@h2", "web@h1");

        assertThat(r.status()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo("paused 2 jobs: web@h1 db@h2\n");
        PauseRequest request = coordinator.requests(PauseRequest.class).get(0);
        assertThat(request.getSelector()).isEqualTo(Selector.newBuilder().addJobIds("web@h1").addJobIds("db@h2").build());
        assertThat(request.getLeaseMs()).isZero();
        assertThat(request.getBy()).isEqualTo("alice@ops1");
    }

    @Test
    void pauseWithALeaseByTagHostAndLabels() {
        Result r = run("pause", "--tag", "batch", "--host", "h1", "--label", "role=db,zone=a", "--label", "rack=3",
                "--for", "90m");

        assertThat(r.status()).isZero();
        assertThat(r.out()).isEqualTo("paused 2 jobs for 1h30m: web@h1 db@h2\n");
        PauseRequest request = coordinator.requests(PauseRequest.class).get(0);
        assertThat(request.getLeaseMs()).isEqualTo(90 * 60_000L);
        assertThat(request.getSelector().getJobIdsList()).isEmpty();
        assertThat(request.getSelector().getAll()).isFalse();
        assertThat(request.getSelector().getTag()).isEqualTo("batch");
        assertThat(request.getSelector().getHost()).isEqualTo("h1");
        assertThat(request.getSelector().getLabelsMap()).containsExactlyInAnyOrderEntriesOf(
                Map.of("role", "db", "zone", "a", "rack", "3"));
    }

    @Test
    void idsMayComeBetweenOptions() {
        Result r = run("pause", "web@h1", "--for", "10m", "db@h2");

        assertThat(r.status()).isZero();
        assertThat(coordinator.requests(PauseRequest.class).get(0).getSelector().getJobIdsList())
                .containsExactly("web@h1", "db@h2");
    }

    @Test
    void leasesInEveryUnit() {
        for (String[] lease : new String[][] {{"30", "30000"}, {"45s", "45000"}, {"500ms", "500"}, {"2h", "7200000"},
                {"1d", "86400000"}}) {
            run("pause", "--all", "--for", lease[0]);
        }
        assertThat(coordinator.requests(PauseRequest.class)).extracting(PauseRequest::getLeaseMs)
                .containsExactly(30_000L, 45_000L, 500L, 7_200_000L, 86_400_000L);
        assertThat(coordinator.requests(PauseRequest.class))
                .allSatisfy(q -> assertThat(q.getSelector()).isEqualTo(Selector.newBuilder().setAll(true).build()));
    }

    @Test
    void oneJobIsSingular() {
        coordinator.pause = r -> JobsResponse.newBuilder().addJobs(web).build();

        assertThat(run("pause", "web@h1", "--for", "10m").out()).isEqualTo("paused 1 job for 10m: web@h1\n");
    }

    @Test
    void byFallsBackToLognameThenTheAccountThenUnknown() {
        coordinators.run(List.of("a"), c -> c.env(Map.of("LOGNAME", "bob")).accountName("root").hostName("ops2"),
                "pause", "--all");
        coordinators.run(List.of("a"), c -> c.env(Map.of("USER", " ")).accountName("svc").hostName("ops3"),
                "resume", "--all");
        coordinators.run(List.of("a"), c -> c.env(Map.of("USER", " ")).hostName("ops4"), "resume", "--all");

        assertThat(coordinator.requests(PauseRequest.class).get(0).getBy()).isEqualTo("bob@ops2");
        assertThat(coordinator.requests(ResumeRequest.class).get(0).getBy()).isEqualTo("svc@ops3");
        assertThat(coordinator.requests(ResumeRequest.class).get(1).getBy()).isEqualTo("unknown@ops4");
    }

    @Test
    void pauseJsonCarriesEachJobsPause() {
        Result r = run("pause", "--tag", "batch", "--for", "10m", "--json");

        assertThat(r.status()).isZero();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> jobs = (List<Map<String, Object>>) TinyJson.parse(r.out());
        assertThat(jobs).hasSize(2);
        assertThat(jobs.get(0)).containsEntry("id", "web@h1").containsEntry("name", "web").containsEntry("host", "h1")
                .containsEntry("gates", List.of())
                .containsEntry("pause", Map.of("id", "p1", "since_unix_ms", (double) Coordinators.NOW,
                        "lease_ms", 600_000.0, "by", "alice@ops1"));
    }

    @Test
    void aSelectorMatchingNothingIsNotFoundWithTheServersWords() {
        coordinator.pause = r -> {
            throw FakeCoordinator.fail(Status.NOT_FOUND.withDescription("no job matches --tag batch"));
        };
        coordinator.resume = r -> {
            throw FakeCoordinator.fail(Status.NOT_FOUND.withDescription("no job nope@h1"));
        };

        Result pause = run("pause", "--tag", "batch");
        Result resume = run("resume", "nope@h1");

        assertThat(pause.status()).isEqualTo(3);
        assertThat(pause.err()).isEqualTo("dmonctl: no job matches --tag batch\n");
        assertThat(pause.out()).isEmpty();
        assertThat(resume.status()).isEqualTo(3);
        assertThat(resume.err()).isEqualTo("dmonctl: no job nope@h1\n");
    }

    @Test
    void theServersInvalidArgumentIsAUsageError() {
        coordinator.pause = r -> {
            throw FakeCoordinator.fail(Status.INVALID_ARGUMENT.withDescription("lease_ms must not be negative"));
        };

        Result r = run("pause", "--all");

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("dmonctl: lease_ms must not be negative\n");
    }

    @Test
    void resumeSendsTheSelectorAndSaysWhatStillHoldsJobs() {
        coordinator.resume = r -> JobsResponse.newBuilder().addJobs(web)
                .addJobs(db.toBuilder().addGates("dbload").addGates("night")).build();

        Result r = run("resume", "--host", "h2", "--label", "role=db");

        assertThat(r.status()).isZero();
        assertThat(r.out()).isEqualTo("resumed 2 jobs: web@h1 db@h2\nstill held: db@h2 by gates dbload, night\n");
        ResumeRequest request = coordinator.requests(ResumeRequest.class).get(0);
        assertThat(request.getSelector()).isEqualTo(Selector.newBuilder().setHost("h2").putLabels("role", "db").build());
        assertThat(request.getBy()).isEqualTo("alice@ops1");
    }

    @Test
    void resumeJson() {
        Result r = run("resume", "--all", "--json");

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> jobs = (List<Map<String, Object>>) TinyJson.parse(r.out());
        assertThat(jobs).extracting(j -> j.get("id")).containsExactly("web@h1", "db@h2");
        assertThat(jobs).allSatisfy(j -> assertThat(j).containsEntry("pause", null));
    }

    @Test
    void badSelectorsAndLeasesAreOneLineAndSendNothing() {
        Object[][] cases = {
            {new String[] {"pause"}, "dmonctl: empty selector: give job ids, --host, --tag, --label or --all"},
            {new String[] {"resume"}, "dmonctl: empty selector: give job ids, --host, --tag, --label or --all"},
            {new String[] {"pause", "web@h1", "--all"}, "dmonctl: job ids go alone: not with --all (got web@h1)"},
            {new String[] {"pause", "web@h1", "--tag", "x"}, "dmonctl: job ids go alone: not with --tag (got web@h1)"},
            {new String[] {"resume", "--all", "--host", "h1"}, "dmonctl: --all goes alone: not with --host"},
            {new String[] {"pause", "--all", "--label", "a=b"}, "dmonctl: --all goes alone: not with --label"},
            {new String[] {"pause", "--label", "role"}, "dmonctl: --label: 'role' is not KEY=VALUE"},
            {new String[] {"pause", "--label", "=db"}, "dmonctl: --label: '=db' is not KEY=VALUE"},
            {new String[] {"pause", "--label", "a=1", "--label", "a=2"}, "dmonctl: --label: a given twice (1, 2)"},
            {new String[] {"pause", "--host", " "}, "dmonctl: --host: empty value"},
            {new String[] {"pause", "--tag", ""}, "dmonctl: --tag: empty value"},
            {new String[] {"pause", ""}, "dmonctl: empty job id"},
            {new String[] {"pause", "--all", "--for", "0"}, "dmonctl: --for must be more than zero"},
            {new String[] {"pause", "--all", "--for", "0m"}, "dmonctl: --for must be more than zero"},
            {new String[] {"pause", "--all", "--for", "-5m"}, "dmonctl: --for must be more than zero (got -5m)"},
            {new String[] {"pause", "--all", "--for=-1"}, "dmonctl: --for must be more than zero (got -1)"},
            {new String[] {"pause", "--all", "--for", "soon"}, "dmonctl: --for: 'soon' is not a duration (90s, 10m, 2h, 1d)"},
            {new String[] {"pause", "--all", "--for", "1.5h"}, "dmonctl: --for: '1.5h' is not a duration (90s, 10m, 2h, 1d)"},
            {new String[] {"pause", "--all", "--for", "10w"}, "dmonctl: --for: '10w' is not a duration (90s, 10m, 2h, 1d)"},
            {new String[] {"pause", "--all", "--for", "9999999999s"},
                "dmonctl: --for: '9999999999s' is not a duration (90s, 10m, 2h, 1d)"},
        };
        for (Object[] c : cases) {
            String[] args = (String[]) c[0];
            Result r = run(args);
            assertThat(r.status()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err()).as(String.join(" ", args)).isEqualTo(c[1] + "\n");
            assertThat(r.out()).isEmpty();
        }
        assertThat(coordinator.requests).isEmpty();
    }

    @Test
    void aMissingLeaseValueIsAPicocliUsageError() {
        Result r = run("pause", "--all", "--for");

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).startsWith("dmonctl: ").endsWith("(see 'dmonctl pause --help')\n").hasLineCount(1);
        assertThat(coordinator.requests).isEmpty();
    }
}
