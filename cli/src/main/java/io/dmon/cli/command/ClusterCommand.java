package io.dmon.cli.command;

import io.dmon.cli.CliContext;
import io.dmon.cli.DmonCtl;
import io.dmon.cli.ExitCode;
import io.dmon.cli.output.ClusterListing;
import io.dmon.proto.v1.ClusterMember;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code dmonctl cluster}: the coordinators, as their Hazelcast membership sees them. */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = {
            "Lists the coordinators of the cluster.",
            "Oldest member first: ADDRESS (the Hazelcast "
                    + "member), GRPC (where dmonctl and agents reach it), UPTIME, AGENTS (UP hosts "
                    + "whose agent session it holds). '*' in the first column marks the coordinator "
                    + "that answered this call.",
            "--json prints an array of objects: address, grpc_address, started_unix_ms, "
                    + "uptime_seconds (null when unknown), agents, answering."})
public final class ClusterCommand implements Callable<Integer> {

    @ParentCommand
    private DmonCtl dmonctl;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    private boolean json;

    @Override
    public Integer call() {
        CliContext context = dmonctl.context();
        List<ClusterMember> members = dmonctl.client().cluster().getMembersList();
        long now = context.clock().millis();
        if (json) {
            context.out().print(ClusterListing.json(members, now));
        } else {
            OptionalInt width = context.terminal().stdoutIsTerminal() ? context.terminal().columns() : OptionalInt.empty();
            context.out().print(ClusterListing.table(members, now, width));
        }
        return ExitCode.OK;
    }
}
