package io.dmon.cli.command;

import io.dmon.cli.DmonCtl;
import io.dmon.cli.ExitCode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code dmonctl restart}: start jobs anew. */
@Command(name = "restart", mixinStandardHelpOptions = true,
        description = {
            "Starts jobs anew, stopped ones included: the coordinator marks each job as wanted "
                    + "running in a new generation, and its agent stops the current run, if any, "
                    + "and starts a fresh one. Prints the ids of the jobs restarted; it does not "
                    + "wait for them to run (see ps)."})
public final class RestartCommand implements Callable<Integer> {

    @ParentCommand
    private DmonCtl dmonctl;

    @Mixin
    private JobSelectorOptions.Alone selection;

    @Override
    public Integer call() {
        JobsOutput.print(dmonctl.context(),
                dmonctl.client().restart(JobsRequests.of(selection.selector(dmonctl.client()))));
        return ExitCode.OK;
    }
}
