package io.dmon.cli.command;

import io.dmon.cli.DmonCtl;
import io.dmon.cli.ExitCode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code dmonctl stop}: stop jobs and keep them stopped. */
@Command(name = "stop", mixinStandardHelpOptions = true,
        description = {
            "Stops jobs and keeps them stopped: their agents send TERM (and CONT if paused) to the "
                    + "command's process group, then KILL after a grace period. Prints the ids of "
                    + "the jobs asked to stop; it does not wait for them to be STOPPED (see ps)."})
public final class StopCommand implements Callable<Integer> {

    @ParentCommand
    private DmonCtl dmonctl;

    @Mixin
    private JobSelectorOptions.Alone selection;

    @Override
    public Integer call() {
        JobsOutput.print(dmonctl.context(), dmonctl.client().stop(JobsRequests.of(selection.selector(dmonctl.client()))));
        return ExitCode.OK;
    }
}
