package io.dmon.cli.command;

import io.dmon.cli.CliContext;
import io.dmon.cli.DmonCtl;
import io.dmon.cli.ExitCode;
import io.dmon.cli.output.ClusterListing;
import io.dmon.proto.v1.ClusterMember;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

    @Mixin
    private ListingFormat format = new ListingFormat();

    @Override
    public Integer call() {
        CliContext context = dmonctl.context();
        List<ClusterMember> members = dmonctl.client().cluster().getMembersList();
        long now = context.clock().millis();
        format.print(context, () -> ClusterListing.json(members, now), width -> ClusterListing.table(members, now, width));
        return ExitCode.OK;
    }
}
