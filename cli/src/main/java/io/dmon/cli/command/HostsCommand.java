package io.dmon.cli.command;

import io.dmon.cli.CliContext;
import io.dmon.cli.DmonCtl;
import io.dmon.cli.ExitCode;
import io.dmon.cli.output.HostListing;
import io.dmon.proto.v1.HostView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code dmonctl hosts}: the hosts the coordinators know. */
@Command(name = "hosts", mixinStandardHelpOptions = true,
        description = {
            "Lists hosts by name: NAME STATE LOAD1 JOBS COORDINATOR LAST-SEEN LABELS PSI. STATE "
                    + "is UP while the host's agent holds a session, else DOWN; LAST-SEEN is the "
                    + "age of its last report; COORDINATOR the coordinator holding its session; PSI "
                    + "the host's pressure stall information, the 10-second average of each "
                    + "resource's some line in percent (cpu 1.2 io 40.0 mem 0.0; - without it).",
            "After the table, 'note: HOST: ...' for each host whose agent cannot write its log "
                    + "spool or state directory (a full disk), until its writes work again.",
            "--json prints an array of objects: name, state, load1, jobs, coordinator, "
                    + "labels (an object), last_seen (ISO-8601 UTC, null if never), last_seen_unix_ms, version, "
                    + "condition (empty when well), pressure (null without pressure stall information, "
                    + "else cpu, io, memory, each with some and full, each with avg10, avg60, avg300; "
                    + "null where the host gives none)."})
public final class HostsCommand implements Callable<Integer> {

    @ParentCommand
    private DmonCtl dmonctl;

    @Mixin
    private ListingFormat format = new ListingFormat();

    @Override
    public Integer call() {
        CliContext context = dmonctl.context();
        List<HostView> hosts = new ArrayList<>(dmonctl.client().listHosts().getHostsList());
        hosts.sort(Comparator.comparing(HostView::getName));
        format.print(context, () -> HostListing.json(hosts),
                width -> HostListing.table(hosts, context.clock().millis(), width));
        return ExitCode.OK;
    }
}
