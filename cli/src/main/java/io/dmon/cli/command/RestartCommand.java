package io.dmon.cli.command;

import io.dmon.cli.client.OperatorClient;
import picocli.CommandLine.Command;

/** {@code dmonctl restart}: start jobs anew. */
@Command(name = "restart", mixinStandardHelpOptions = true,
        description = {
            "Starts jobs anew, stopped ones included: the coordinator marks each job as wanted "
                    + "running in a new generation, and its agent stops the current run, if any, "
                    + "and starts a fresh one. Prints the ids of the jobs restarted; it does not "
                    + "wait for them to run (see ps)."})
public final class RestartCommand extends JobsRequestCommand {

    public RestartCommand() {
        super(OperatorClient::restart);
    }
}
