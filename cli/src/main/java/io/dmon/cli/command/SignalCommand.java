package io.dmon.cli.command;

import io.dmon.cli.CliException;
import io.dmon.cli.DmonCtl;
import io.dmon.cli.ExitCode;
import io.dmon.proto.v1.Selector;
import io.dmon.proto.v1.SignalRequest;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code dmonctl signal}: send a signal to a job's command. */
@Command(name = "signal", mixinStandardHelpOptions = true,
        description = {
            "Sends a signal to the running command of each job chosen (JOB... SIG, or --host, --tag, "
                    + "--label, --all then SIG), through its agent (which checks the process "
                    + "by pid and start time first). SIG is a name (TERM, SIGTERM, term; HUP INT QUIT "
                    + "KILL USR1 USR2 ALRM TERM CONT STOP TSTP) or a Linux signal number (1-64). "
                    + "Prints the jobs' ids. Every chosen job's host must be UP, or none is signalled."})
public final class SignalCommand implements Callable<Integer> {

    @ParentCommand
    private DmonCtl dmonctl;

    @Mixin
    private JobSelectorOptions.BeforeSignal selection;

    @Override
    public Integer call() {
        if (selection.jobIds().isEmpty() && selection.selectorOrNone() == null && selection.signal().contains("@")) {
            throw CliException.usage("no signal after " + selection.signal() + ": give JOB... SIG");
        }
        int number = SignalNames.parse(selection.signal());
        Selector selector = selection.selector(dmonctl.client());
        SignalRequest.Builder request = SignalRequest.newBuilder().setSignal(number);
        if (selector.getJobIdsCount() == 1) {
            // One id in the field every coordinator knows.
            request.setJobId(selector.getJobIds(0));
        } else {
            request.setSelector(selector);
        }
        JobsOutput.print(dmonctl.context(), dmonctl.client().signal(request.build()));
        return ExitCode.OK;
    }
}
