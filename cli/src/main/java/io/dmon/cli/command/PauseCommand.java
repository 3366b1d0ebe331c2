package io.dmon.cli.command;

import io.dmon.cli.CliContext;
import io.dmon.cli.DmonCtl;
import io.dmon.cli.ExitCode;
import io.dmon.cli.client.Durations;
import io.dmon.cli.output.PauseOutput;
import io.dmon.proto.v1.JobsResponse;
import io.dmon.proto.v1.PauseRequest;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code dmonctl pause}: an operator's pause of the selected jobs, until resumed or for a while. */
@Command(name = "pause", mixinStandardHelpOptions = true, sortOptions = false,
        customSynopsis = {
            "dmonctl pause SELECTOR [--for DURATION] [--json]",
            "  SELECTOR: JOB... | --all | [--host HOST] [--tag TAG] [--label KEY=VALUE]..."},
        description = {
            "Pauses the selected jobs, until resumed or for a while (--for).",
            "Every selected job's agent stops the job's whole process group (SIGSTOP), "
                    + "and a run due meanwhile (first start, respawn, restart) does not start until "
                    + "the pause ends. The pause is desired state, kept by the coordinators: it "
                    + "survives agent and coordinator restarts. Pausing a paused job replaces its "
                    + "pause (new lease). A manual pause wins: a gate opening or the load falling "
                    + "does not resume the job.",
            "Select jobs by id, or --all, or any of --host, --tag, --label (a job must match each "
                    + "one given). A selector that matches no job is an error (exit 3), and nothing "
                    + "is paused.",
            "Prints 'paused N jobs[ for DURATION]: JOB...'; it does not wait for the agents (see "
                    + "ps: STATE PAUSED, WHY). The coordinators record who asked: "
                    + "your certificate's principal (operator/alice), or over plaintext $USER@HOST marked "
                    + "unauthenticated.",
            "--json prints an array of the jobs matched: id, name, host, pause (id, since_unix_ms, "
                    + "lease_ms, by), gates."})
public final class PauseCommand implements Callable<Integer> {

    @ParentCommand
    private DmonCtl dmonctl;

    @Mixin
    private JobSelectorOptions.Alone selector = new JobSelectorOptions.Alone();

    @Option(names = "--for", paramLabel = "DURATION",
            description = {"A lease: the pause ends by itself after DURATION (90s, 10m, 2h, 1d), "
                    + "counted by each agent's own clock from when it got the pause, even with no "
                    + "coordinator reachable then. Default: until resumed."})
    private String lease;

    @Option(names = "--json", description = "Print JSON instead of a line.")
    private boolean json;

    @Override
    public Integer call() {
        PauseRequest.Builder request = PauseRequest.newBuilder().setSelector(selector.selector(dmonctl.client()));
        Duration leaseTime = lease == null ? null : Durations.lease("--for", lease);
        CliContext context = dmonctl.context();
        if (leaseTime != null) {
            request.setLeaseMs(leaseTime.toMillis());
        }
        request.setBy(Requester.of(context));
        JobsResponse response = dmonctl.client().pause(request.build());
        context.out().print(PauseOutput.of(json, "paused", response.getJobsList(),
                leaseTime == null ? null : Durations.compact(leaseTime)));
        return ExitCode.OK;
    }
}
