package io.dmon.cli.command;

import io.dmon.cli.DmonCtl;
import io.dmon.cli.ExitCode;
import io.dmon.cli.output.GateListing;
import io.dmon.proto.v1.GateView;
import io.dmon.proto.v1.RemoveGateRequest;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code dmonctl gate rm}: removes a gate, releasing the jobs it held. */
@Command(name = "rm", mixinStandardHelpOptions = true,
        description = {
            "Removes a gate.",
            "The jobs it held are released, unless something else still "
                    + "holds them (another gate, a manual pause, their own -L). Prints 'removed "
                    + "gate NAME (N jobs held until now)'. An unknown name is an error (exit 3)."})
public final class GateRemoveCommand implements Callable<Integer> {

    @ParentCommand
    private GateCommand gate;

    @Parameters(index = "0", paramLabel = "NAME", description = "The gate to remove.")
    private String name;

    @Override
    public Integer call() {
        DmonCtl dmonctl = gate.dmonctl();
        GateView removed = dmonctl.client().removeGate(RemoveGateRequest.newBuilder()
                .setName(name).setBy(Requester.of(dmonctl.context())).build());
        dmonctl.context().out().print(GateListing.removed(removed));
        return ExitCode.OK;
    }
}
