package io.dmon.cli.command;

import io.dmon.cli.DmonCtl;
import io.dmon.cli.ExitCode;
import io.dmon.proto.v1.SignalRequest;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code dmonctl signal}: send a signal to a job's command. */
@Command(name = "signal", mixinStandardHelpOptions = true,
        description = {
            "Sends a signal to a job's running command, through its agent (which checks the process "
                    + "by pid and start time first). SIG is a name (TERM, SIGTERM, term; HUP INT QUIT "
                    + "KILL USR1 USR2 ALRM TERM CONT STOP TSTP) or a Linux signal number (1-64). "
                    + "Prints the job's id."})
public final class SignalCommand implements Callable<Integer> {

    @ParentCommand
    private DmonCtl dmonctl;

    @Parameters(index = "0", paramLabel = "JOB", description = "The job (NAME@HOST).")
    private String jobId;

    @Parameters(index = "1", paramLabel = "SIG", description = "The signal.")
    private String signal;

    @Override
    public Integer call() {
        int number = SignalNames.parse(signal);
        JobsOutput.print(dmonctl.context(), dmonctl.client().signal(
                SignalRequest.newBuilder().setJobId(jobId).setSignal(number).build()));
        return ExitCode.OK;
    }
}
