package io.dmon.cli.command;

import io.dmon.cli.CliContext;
import io.dmon.cli.DmonCtl;
import io.dmon.cli.ExitCode;
import io.dmon.cli.output.PauseOutput;
import io.dmon.proto.v1.JobsResponse;
import io.dmon.proto.v1.RemoveRequest;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code dmonctl rm}: removes the selected jobs from the fleet, with their status and stored lines. */
@Command(name = "rm", mixinStandardHelpOptions = true, sortOptions = false,
        customSynopsis = {
            "dmonctl rm SELECTOR [--force] [--json]",
            "  SELECTOR: JOB... | --all | [--host HOST] [--tag TAG] [--label KEY=VALUE]..."},
        description = {
            "Removes the selected jobs: their desired state, their status and the lines the "
                    + "coordinators keep. Each job's agent stops it (if it runs) and forgets it, now "
                    + "or when it next connects. An event 'removed' says who asked.",
            "A job still running (STARTING, RUNNING, PAUSED, waiting to respawn, or not yet "
                    + "reported by its agent) is refused with exit 5 unless --force is given, and "
                    + "then nothing is removed: stop it first (dmonctl stop), or give --force. "
                    + "A selector that matches no job is an error (exit 3).",
            "Prints 'removed N jobs: JOB...'. --json prints an array of the jobs removed."})
public final class RmCommand implements Callable<Integer> {

    @ParentCommand
    private DmonCtl dmonctl;

    @Mixin
    private JobSelectorOptions.Alone selector = new JobSelectorOptions.Alone();

    @Option(names = "--force", description = "Remove running jobs too: their agents stop them (TERM, grace, KILL).")
    private boolean force;

    @Option(names = "--json", description = "Print JSON instead of a line.")
    private boolean json;

    @Override
    public Integer call() {
        CliContext context = dmonctl.context();
        RemoveRequest request = RemoveRequest.newBuilder()
                .setSelector(selector.selector())
                .setForce(force)
                .setBy(Requester.of(context))
                .build();
        JobsResponse response = dmonctl.client().remove(request);
        context.out().print(PauseOutput.of(json, "removed", response.getJobsList(), null));
        return ExitCode.OK;
    }
}
