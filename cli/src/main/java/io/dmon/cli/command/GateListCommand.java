package io.dmon.cli.command;

import io.dmon.cli.CliContext;
import io.dmon.cli.DmonCtl;
import io.dmon.cli.ExitCode;
import io.dmon.cli.output.GateListing;
import io.dmon.proto.v1.GateView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code dmonctl gate ls}: the fleet's gates and their states. */
@Command(name = "ls", mixinStandardHelpOptions = true,
        description = {
            "Lists the gates and their states.",
            "By name: NAME WATCH METRIC VALUE STATE HELD SINCE NOTE. WATCH is a host's name, "
                    + "max or avg (max:KEY=VALUE,... with labels); METRIC load1 or a pressure "
                    + "metric (io.some.avg10); VALUE the watched value at the last evaluation; STATE CLOSED (holding its jobs) or OPEN; HELD the number of "
                    + "jobs it holds; SINCE how long it has been in that state; NOTE what the "
                    + "evaluating coordinator noted (a watched host DOWN, no UP host watched, "
                    + "hosts without the metric).",
            "--json prints an array of objects: name, watch (host, max or avg), watch_host, "
                    + "watch_labels, metric, high, low, selector (job_ids, host, tag, labels, all), state, "
                    + "value (null before the first evaluation), evaluated_unix_ms, changed_unix_ms, "
                    + "jobs_held, note, created_by, created_unix_ms."})
public final class GateListCommand implements Callable<Integer> {

    @ParentCommand
    private GateCommand gate;

    @Mixin
    private ListingFormat format = new ListingFormat();

    @Override
    public Integer call() {
        DmonCtl dmonctl = gate.dmonctl();
        CliContext context = dmonctl.context();
        List<GateView> gates = new ArrayList<>(dmonctl.client().listGates().getGatesList());
        gates.sort(Comparator.comparing(v -> v.getGate().getName()));
        format.print(context, () -> GateListing.json(gates),
                width -> GateListing.table(gates, context.clock().millis(), width));
        return ExitCode.OK;
    }
}
