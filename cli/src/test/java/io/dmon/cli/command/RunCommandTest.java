package io.dmon.cli.command;

import static io.dmon.cli.Protos.job;
import static io.dmon.cli.Protos.started;
import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.cli.Coordinators;
import io.dmon.cli.Coordinators.Result;
import io.dmon.cli.FakeCoordinator;
import io.dmon.proto.v1.Job;
import io.dmon.proto.v1.JobSpec;
import io.dmon.proto.v1.RunRequest;
import io.dmon.proto.v1.RunResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How {@code dmonctl run} splits its words between its own options and dmon's parser. */
class RunCommandTest {
    private final Coordinators coordinators = new Coordinators();
    private FakeCoordinator coordinator;

    @BeforeEach
    void start() {
        coordinator = coordinators.start("a");
        // Answer with one job per named host, named after the command, as a coordinator would.
        coordinator.run = request -> {
            RunResponse.Builder response = RunResponse.newBuilder();
            String name = request.getName().isEmpty() ? request.getSpec().getCommand(0) : request.getName();
            for (String host : request.getHostsList().isEmpty() ? List.of("h1") : request.getHostsList()) {
                response.addJobs(job(name, host, request.getSpec().getCommandList().toArray(new String[0])));
            }
            return response.build();
        };
    }

    @AfterEach
    void stop() throws InterruptedException {
        coordinators.close();
    }

    private RunRequest onlyRequest() {
        assertThat(coordinator.requests(RunRequest.class)).hasSize(1);
        return coordinator.requests(RunRequest.class).get(0);
    }

    @Test
    void ourOptionsThenDmonOptionsThenCommandThenLogCommand() {
        Result r = coordinators.run("run", "--host", "a", "-L", "4.0", "rsync", "-az", "/x", "/y", "--", "dlog", "-t", "out");

        assertThat(r.status()).isZero();
        assertThat(r.out()).isEqualTo("rsync@a\n");
        assertThat(r.err()).isEmpty();
        RunRequest request = onlyRequest();
        assertThat(request.getHostsList()).containsExactly("a");
        assertThat(request.getLabelsMap()).isEmpty();
        assertThat(request.getAllHosts()).isFalse();
        JobSpec spec = request.getSpec();
        assertThat(spec.getLoadHigh()).isEqualTo(4.0);
        assertThat(spec.getLoadLow()).isEqualTo(2.0);
        assertThat(spec.getCommandList()).containsExactly("rsync", "-az", "/x", "/y");
        assertThat(spec.getLogCommandList()).containsExactly("dlog", "-t", "out");
        assertThat(spec.getNoDaemon()).isFalse();
    }

    @Test
    void pressureMarksGoByMetricNameWithTheLowMarkFilledIn() {
        Result r = coordinators.run("run", "--host", "a", "-P", "io=40", "-P", "cpu:full:avg60=10/5", "-P", "io=30",
                "vacuum");

        assertThat(r.status()).isZero();
        JobSpec spec = onlyRequest().getSpec();
        assertThat(spec.getPressureList()).extracting(m -> m.getMetric() + " " + m.getHigh() + " " + m.getLow())
                .containsExactly("cpu.full.avg60 10.0 5.0", "io.some.avg10 30.0 15.0");
        assertThat(io.dmon.cli.output.DmonOptions.words(spec)).containsExactly("-P", "cpu:full:avg60=10/5", "-P", "io=30/15");
    }

    @Test
    void tagsRepeatNameIsPassedAndEveryJobIdIsPrinted() {
        Result r = coordinators.run("run", "--host", "a,b", "--host", "c", "--name", "web", "--tag", "x", "--tag", "y",
                "-1", "serve");

        assertThat(r.status()).isZero();
        assertThat(r.out()).isEqualTo("web@a\nweb@b\nweb@c\n");
        RunRequest request = onlyRequest();
        assertThat(request.getHostsList()).containsExactly("a", "b", "c");
        assertThat(request.getName()).isEqualTo("web");
        assertThat(request.getTagsList()).containsExactly("x", "y");
        assertThat(request.getSpec().getOnce()).isTrue();
    }

    @Test
    void atFileWordsAreNotExpanded() {
        Result r = coordinators.run("run", "--all-hosts", "@cmd", "@args", "--", "@log");

        assertThat(r.status()).isZero();
        RunRequest request = onlyRequest();
        assertThat(request.getAllHosts()).isTrue();
        assertThat(request.getSpec().getCommandList()).containsExactly("@cmd", "@args");
        assertThat(request.getSpec().getLogCommandList()).containsExactly("@log");
    }

    @Test
    void wordsAfterTheCommandBelongToItEvenWhenTheyLookLikeOurOptions() {
        Result r = coordinators.run("run", "--host", "a", "sh", "-c", "echo hi", "--host", "b", "-n", "--help", "--tag");

        assertThat(r.status()).isZero();
        RunRequest request = onlyRequest();
        assertThat(request.getHostsList()).containsExactly("a");
        assertThat(request.getTagsList()).isEmpty();
        assertThat(request.getSpec().getCommandList())
                .containsExactly("sh", "-c", "echo hi", "--host", "b", "-n", "--help", "--tag");
        assertThat(request.getSpec().getNoDaemon()).isFalse();
    }

    @Test
    void aDoubleDashBeforeTheCommandReachesDmonsParser() {
        Result r = coordinators.run("run", "--host", "a", "--", "-weird", "arg");

        assertThat(r.status()).isZero();
        assertThat(onlyRequest().getSpec().getCommandList()).containsExactly("-weird", "arg");
    }

    @Test
    void labelsAsListsAndRepeated() {
        Result r = coordinators.run("run", "--label", "role=web,zone=eu", "--label", "tier=1", "cmd");

        assertThat(r.status()).isZero();
        assertThat(onlyRequest().getLabelsMap()).isEqualTo(Map.of("role", "web", "zone", "eu", "tier", "1"));
    }

    @Test
    void dmonOptionsOfEveryKindArrive() {
        Result r = coordinators.run("run", "--host", "a", "-E", "A=1", "-E", "B", "-m", "3", "-t", "2m", "-e",
                "-r", "files=256", "-W", "/srv", "cmd");

        assertThat(r.status()).isZero();
        JobSpec spec = onlyRequest().getSpec();
        assertThat(spec.getEnvironCount()).isEqualTo(2);
        assertThat(spec.getEnviron(0).getValue()).isEqualTo("1");
        assertThat(spec.getEnviron(1).hasValue()).isFalse();
        assertThat(spec.getMaxRespawns()).isEqualTo(3);
        assertThat(spec.getTimeoutSeconds()).isEqualTo(120);
        assertThat(spec.getStderrRedir()).isTrue();
        assertThat(spec.getLimits(0).getName()).isEqualTo("files");
        assertThat(spec.getWorkDir()).isEqualTo("/srv");
    }

    @Test
    void dmonOptionsFromTheEnvironmentAreNotApplied() {
        Result r = coordinators.run(List.of("a"), c -> c.env(Map.of("DMON_OPTIONS", "-L 9 -1")), "run", "--host", "a", "cmd");

        assertThat(r.status()).isZero();
        assertThat(onlyRequest().getSpec().getLoadHigh()).isZero();
        assertThat(onlyRequest().getSpec().getOnce()).isFalse();
    }

    @Test
    void exactlyOneSelectorIsNeeded() {
        for (String[] args : List.of(
                new String[] {"run", "cmd"},
                new String[] {"run", "--host", "a", "--all-hosts", "cmd"},
                new String[] {"run", "--host", "a", "--label", "k=v", "cmd"},
                new String[] {"run", "--label", "k=v", "--all-hosts", "cmd"})) {
            Result r = coordinators.run(args);
            assertThat(r.status()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err()).startsWith("dmonctl: run needs exactly one of --host, --label, --all-hosts")
                    .endsWith("\n").hasLineCount(1);
            assertThat(r.out()).isEmpty();
        }
        assertThat(coordinator.requests).isEmpty();
    }

    @Test
    void aMisspeltOrForeignOptionIsNamedRatherThanTheMissingHost() {
        Result misspelt = coordinators.run("run", "--hots", "vm", "echo", "hi");
        Result foreign = coordinators.run("run", "--json", "--host", "db1", "true");

        assertThat(misspelt.status()).isEqualTo(2);
        assertThat(misspelt.err()).isEqualTo("dmonctl: unknown option '--hots'\n");
        assertThat(foreign.status()).isEqualTo(2);
        assertThat(foreign.err()).isEqualTo("dmonctl: unknown option '--json'\n");
        assertThat(coordinator.requests).isEmpty();
    }

    @Test
    void everyUsageErrorStartsTheSameWay() {
        for (String[] args : List.of(new String[] {"ps", "--bogus"}, new String[] {"logs", "-x", "web@h1"},
                new String[] {"ps", "--host"}, new String[] {"gate", "add"}, new String[] {"frob"},
                new String[] {"signal", "web@h1"})) {
            Result r = coordinators.run(args);
            assertThat(r.status()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err()).as(String.join(" ", args)).matches("dmonctl: [a-z][^:]*[^\\n]*\n");
        }
        assertThat(coordinators.run("ps", "--bogus").err())
                .isEqualTo("dmonctl: unknown option '--bogus' (see 'dmonctl ps --help')\n");
        assertThat(coordinators.run("signal", "web@h1").err())
                .isEqualTo("dmonctl: no signal after web@h1: give JOB... SIG\n");
    }

    @Test
    void malformedLabelsAreUsageErrors() {
        assertThat(coordinators.run("run", "--label", "novalue", "cmd").err())
                .isEqualTo("dmonctl: --label: 'novalue' is not KEY=VALUE\n");
        assertThat(coordinators.run("run", "--label", "k=1,k=2", "cmd").err())
                .isEqualTo("dmonctl: --label: k given twice (1, 2)\n");
        assertThat(coordinator.requests).isEmpty();
    }

    @Test
    void dmonOptionErrorsAreOneLineWithStatusTwo() {
        Map<List<String>, String> cases = Map.of(
                List.of("-L", "x", "cmd"), "dmonctl: option -L: 'x' is not a number\n",
                List.of("-n", "-e"), "dmonctl: no command to run given\n",
                List.of("-Z", "cmd"), "dmonctl: unknown option '-Z'\n",
                List.of("-P", "io=100", "cmd"),
                "dmonctl: option -P: high mark 100 can never be passed (pressure is a share of time, 0 to 100)\n",
                List.of("-P", "disk=5", "cmd"), "dmonctl: option -P: unknown resource 'disk' (cpu, io or memory:"
                        + " cpu|io|memory[:some|full][:avg10|avg60|avg300])\n");
        cases.forEach((words, message) -> {
            String[] args = new String[words.size() + 3];
            args[0] = "run";
            args[1] = "--host";
            args[2] = "a";
            for (int i = 0; i < words.size(); i++) {
                args[i + 3] = words.get(i);
            }
            Result r = coordinators.run(args);
            assertThat(r.status()).as(words.toString()).isEqualTo(2);
            assertThat(r.err()).as(words.toString()).isEqualTo(message);
        });
        Result bundled = coordinators.run("run", "--host", "a", "-ne", "cmd");
        assertThat(bundled.status()).isEqualTo(2);
        assertThat(bundled.err()).startsWith("dmonctl: unknown option '-ne'").hasLineCount(1);
        assertThat(coordinator.requests).isEmpty();
    }

    @Test
    void missingValueOfOurOwnOptionIsOneLine() {
        Result r = coordinators.run("run", "--host", "a", "--name");

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).startsWith("dmonctl: ").contains("--name").hasLineCount(1);
    }

    @Test
    void dmonHelpOptionsPrintHelpWithoutNeedingAHost() {
        Result help = coordinators.run("run", "-h");
        assertThat(help.status()).isZero();
        assertThat(help.out()).startsWith("Usage: dmonctl run").contains("-L, --load-high NUM")
                .contains("DMON_OPTIONS is NOT applied");

        Result limits = coordinators.run("run", "-r", "help");
        assertThat(limits.status()).isZero();
        assertThat(limits.out()).contains("files -- ");
        assertThat(coordinator.requests).isEmpty();
    }

    @Test
    void theCoordinatorsVerdictOnTheRequestIsReported() {
        coordinator.run = request -> {
            throw FakeCoordinator.fail(io.grpc.Status.ALREADY_EXISTS.withDescription("job web@a already exists"));
        };

        Result r = coordinators.run("run", "--host", "a", "--name", "web", "cmd");

        assertThat(r.status()).isEqualTo(5);
        assertThat(r.err()).isEqualTo("dmonctl: job web@a already exists\n");
    }

    @Test
    void noMatchingHostIsNotFound() {
        coordinator.run = request -> {
            throw FakeCoordinator.fail(io.grpc.Status.NOT_FOUND.withDescription("no UP host has role=db"));
        };

        Result r = coordinators.run("run", "--label", "role=db", "cmd");

        assertThat(r.status()).isEqualTo(3);
        assertThat(r.err()).isEqualTo("dmonctl: no UP host has role=db\n");
    }

    @Test
    void anEmptyAnswerIsAFailure() {
        coordinator.run = request -> RunResponse.getDefaultInstance();

        Result r = coordinators.run("run", "--host", "a", "cmd");

        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("dmonctl: the coordinator started no job\n");
    }

    @Test
    void jobIdsComeFromTheAnswer() {
        Job odd = job("cmd-2", "h9", "cmd");
        coordinator.run = request -> started(odd);

        assertThat(coordinators.run("run", "--host", "h9", "cmd").out()).isEqualTo("cmd-2@h9\n");
    }
}
