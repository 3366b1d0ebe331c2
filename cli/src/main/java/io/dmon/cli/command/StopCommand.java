package io.dmon.cli.command;

import io.dmon.cli.client.OperatorClient;
import picocli.CommandLine.Command;

/** {@code dmonctl stop}: stop jobs and keep them stopped. */
@Command(name = "stop", mixinStandardHelpOptions = true,
        description = {
            "Stops jobs and keeps them stopped: their agents send TERM (and CONT if paused) to the "
                    + "command's process group, then KILL after a grace period. Prints the ids of "
                    + "the jobs asked to stop; it does not wait for them to be STOPPED (see ps)."})
public final class StopCommand extends JobsRequestCommand {

    public StopCommand() {
        super(OperatorClient::stop);
    }
}
