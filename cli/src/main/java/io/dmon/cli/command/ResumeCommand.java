package io.dmon.cli.command;

import io.dmon.cli.CliContext;
import io.dmon.cli.DmonCtl;
import io.dmon.cli.ExitCode;
import io.dmon.cli.output.PauseOutput;
import io.dmon.proto.v1.JobsResponse;
import io.dmon.proto.v1.ResumeRequest;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code dmonctl resume}: ends the operator's pause of the selected jobs. */
@Command(name = "resume", mixinStandardHelpOptions = true, sortOptions = false,
        customSynopsis = {
            "dmonctl resume SELECTOR [--json]",
            "  SELECTOR: JOB... | --all | [--host HOST] [--tag TAG] [--label KEY=VALUE]..."},
        description = {
            "Ends the manual pause of the selected jobs.",
            "Only the manual pause: a job "
                    + "that a closed gate or its own -L load limit also holds stays paused until "
                    + "those let go too. Jobs that were not paused count as matched and are left "
                    + "alone. A selector that matches no job is an error (exit 3).",
            "Prints 'resumed N jobs: JOB...', then 'still held: JOB by gate NAME' for each job a "
                    + "gate still holds. --json prints an array of the jobs matched: id, name, "
                    + "host, pause (null), gates."})
public final class ResumeCommand implements Callable<Integer> {

    @ParentCommand
    private DmonCtl dmonctl;

    @Mixin
    private JobSelectorOptions.Alone selector = new JobSelectorOptions.Alone();

    @Option(names = "--json", description = "Print JSON instead of lines.")
    private boolean json;

    @Override
    public Integer call() {
        CliContext context = dmonctl.context();
        ResumeRequest request = ResumeRequest.newBuilder()
                .setSelector(selector.selector(dmonctl.client()))
                .setBy(Requester.of(context))
                .build();
        JobsResponse response = dmonctl.client().resume(request);
        context.out().print(PauseOutput.of(json, "resumed", response.getJobsList(), null));
        return ExitCode.OK;
    }
}
